/**
 * Sans-IO client handshakes, one class per hop type: bytes in, then bytes to send, a reply, or a failure.
 * Nothing here touches a socket, a clock or a thread, so every state machine can be fed one byte at a time
 * in a unit test, and the same classes are driven by the server's non-blocking upstream connector
 * ({@code dev.argyle.server.route}) and by the client library's blocking driver ({@code dev.argyle.client}).
 * {@link dev.argyle.protocol.handshake.ProxyUri} is the notation of one hop that both use.
 *
 * <p>A handshake knows one hop and one request; it does not know where the hop sits in a chain. The driver
 * turns a {@link dev.argyle.protocol.handshake.HandshakeFailure} into an exception that names the hop.
 *
 * <p>Depends on the JDK and {@code dev.argyle.protocol} only.
 */
package dev.argyle.protocol.handshake;
