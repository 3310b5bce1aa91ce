/**
 * The BIND command (RFC 1928 section 4, CMD=2; SOCKS4 CD=2): listen on the address the server uses toward
 * the outside, accept exactly one connection from the peer the request names, and relay it to the client.
 *
 * <p>Depends on {@code server.command} (the command seam), {@code server.config}, {@code server.resolve},
 * {@code server.policy} (to filter a named peer's addresses) and Netty; nothing outside this package depends on it except the server's wiring, and CONNECT feeds it
 * outbound addresses only through a plain callback ({@link dev.argyle.server.bind.OutboundAddresses#remember}).
 */
package dev.argyle.server.bind;
