/**
 * Sans-IO client handshakes, one class per hop type: bytes in, then bytes to send, a reply, or a failure.
 * Nothing here touches a socket, a clock or a thread, so every state machine can be fed one byte at a time
 * in a unit test, and the same classes can later be driven by a non-blocking caller (the server's upstream
 * routes) as well as by the blocking driver in {@code dev.argyle.client}.
 *
 * <p>A handshake knows one hop and one request; it does not know where the hop sits in a chain. The driver
 * turns a {@link dev.argyle.client.handshake.HandshakeFailure} into an exception that names the hop.
 *
 * <p>Depends on the JDK and {@code dev.argyle.protocol} only.
 */
package dev.argyle.client.handshake;
