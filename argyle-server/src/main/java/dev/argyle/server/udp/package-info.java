/**
 * UDP ASSOCIATE (RFC 1928 sections 4 and 7): one association per control connection, with a client-facing
 * UDP socket and an outbound one, header parsing in place on Netty buffers, a per-association resolution
 * cache and fragment reassembly queue, and counters for every datagram dropped.
 *
 * <p>Depends on {@code protocol} (address and header types), {@code server.command} (the command seam),
 * {@code server.config}, {@code server.observe}, {@code server.resolve} and {@code server.relay.Reading};
 * nothing outside this package depends on it but {@code ArgyleServer}, which registers the command.
 */
package dev.argyle.server.udp;
