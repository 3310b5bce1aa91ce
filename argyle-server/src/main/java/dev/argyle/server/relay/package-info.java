/**
 * Moving bytes between a client and its destination once a command has succeeded: back-pressure both ways,
 * TCP half-close, idle timeout, and bandwidth limits ({@link dev.argyle.server.relay.Bandwidth}: a limited
 * direction reads less and stays off splice). {@link dev.argyle.server.relay.TcpRelay} is the seam where a zero-copy
 * (splice) relay plugs in without the protocol code changing.
 */
package dev.argyle.server.relay;
