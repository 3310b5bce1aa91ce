package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.channel.Channel;
import java.time.Duration;

/**
 * Joins two connected channels and relays until both directions are finished. Both channels must be on
 * the same event loop, with {@code ALLOW_HALF_CLOSURE} set and auto-read off; the relay turns reading on.
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

    /** The relay that copies buffers through user space with Netty's pooled allocator. */
    static TcpRelay copying(Duration idleTimeout) {
        return new CopyingRelay(idleTimeout);
    }

    /**
     * Zero-copy (splice) where both channels are epoll channels on one event loop, copying otherwise; the
     * choice is made per connection.
     */
    static TcpRelay splicing(Duration idleTimeout) {
        TcpRelay splice = new SpliceRelay(idleTimeout);
        TcpRelay copy = new CopyingRelay(idleTimeout);
        return (client, target, session, onDone) ->
                (SpliceRelay.applies(client, target) ? splice : copy).start(client, target, session, onDone);
    }
}
