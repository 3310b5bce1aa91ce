package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.channel.Channel;
import java.time.Duration;

/**
 * Joins two connected channels and relays until both directions are finished. Both channels must be on
 * the same event loop, with {@code ALLOW_HALF_CLOSURE} set; the relay turns reading on (the target's is off
 * until then; the client's may already be on, with what it sent ahead passed on as described below).
 */
public interface TcpRelay {
    /**
     * A client that half-closed during the handshake is handled by firing a
     * {@link io.netty.channel.socket.ChannelInputShutdownEvent} on its pipeline after this returns, once any
     * bytes it sent ahead have been passed on.
     *
     * @param client              the SOCKS client's channel, its handshake handlers already gone
     * @param target              the outbound channel
     * @param session             receives byte counts and the end
     * @param onDone              runs once, on the event loop, after both channels are closed
     */
    void start(Channel client, Channel target, Session session, Runnable onDone);

    /** Bytes a direction carries through buffers before it moves to splice (where splice applies). */
    long DEFAULT_SPLICE_AFTER = 128 * 1024;

    /** Copies through pooled buffers only (every transport). */
    static TcpRelay copying(Duration idleTimeout) {
        return new CopyingRelay(idleTimeout, Long.MAX_VALUE, Bandwidth.NONE);
    }

    /** As {@link #copying(Duration)}, slowing sessions to {@code bandwidth}'s limits. */
    static TcpRelay copying(Duration idleTimeout, Bandwidth bandwidth) {
        return new CopyingRelay(idleTimeout, Long.MAX_VALUE, bandwidth);
    }

    /**
     * Copies until a direction has carried {@code spliceAfter} bytes, then splices it (epoll, both channels on
     * one event loop); 0 splices from the start.
     */
    static TcpRelay splicing(Duration idleTimeout, long spliceAfter) {
        return new CopyingRelay(idleTimeout, spliceAfter, Bandwidth.NONE);
    }

    /** As {@link #splicing}, slowing sessions to {@code bandwidth}'s limits (limited directions never splice). */
    static TcpRelay splicing(Duration idleTimeout, long spliceAfter, Bandwidth bandwidth) {
        return new CopyingRelay(idleTimeout, spliceAfter, bandwidth);
    }
}
