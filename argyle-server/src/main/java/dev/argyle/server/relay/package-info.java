/**
 * Moving bytes between a client and its destination once a command has succeeded: back-pressure both ways,
 * TCP half-close, idle timeout. {@link dev.argyle.server.relay.TcpRelay} is the seam where a zero-copy
 * (splice) relay plugs in without the protocol code changing.
 */
package dev.argyle.server.relay;
