package dev.argyle.protocol.handshake;

import java.nio.ByteBuffer;

/**
 * The client half of one SOCKS handshake with one proxy, as a state machine without I/O.
 *
 * <p>Use: send {@link #start()}'s bytes; then, until the result is a final {@link Step.Reply} or a
 * {@link Step.Failed}, read bytes from the proxy and pass them to {@link #receive}: on {@link Step.Send}
 * write the bytes and read again; on {@link Step.NeedMore} read again, at most {@code bytes} of them.
 *
 * <p>{@link #receive} consumes at most one message and never a byte past the proxy's last reply, and
 * {@link Step.NeedMore#bytes()} never asks for more than the current message still lacks. A caller that reads
 * no more than it is asked for therefore leaves whatever the destination sends right after the reply (a
 * server banner, say) unread in the socket, for the application.
 *
 * <p>Not thread-safe: one handshake belongs to one connection and is driven by one thread at a time.
 */
public interface ClientHandshake {
    /** The first message. Call once, before {@link #receive}. */
    byte[] start();

    /**
     * Feeds bytes received from the proxy (from {@code in}'s position to its limit). Moves the position past
     * what was consumed; bytes that are not yet a whole message stay, to be offered again with more.
     *
     * @throws IllegalStateException before {@link #start()}, or after the final reply or a failure
     */
    Step receive(ByteBuffer in);

    /** What the handshake waits for now, for error messages: "method choice", "reply to CONNECT a:1", ... */
    String waitingFor();

    /** True once the final reply or a failure has been returned. */
    boolean finished();
}
