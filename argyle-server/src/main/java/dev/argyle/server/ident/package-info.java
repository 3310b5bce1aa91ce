/**
 * Ident (RFC 1413) for SOCKS4: the asynchronous query to the client host's identd, the parser of its one-line
 * answer, and the verdict that turns the answer into a SOCKS4 reply (0x5C, 0x5D) or a go-ahead. Depends on the
 * config package and Netty; knows nothing of the handshake, which asks {@link dev.argyle.server.ident.IdentCheck}.
 */
package dev.argyle.server.ident;
