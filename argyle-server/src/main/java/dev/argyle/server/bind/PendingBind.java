package dev.argyle.server.bind;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.observe.Session;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BIND between its two replies. It owns the listening socket, the accept timer and a watch on the client,
 * and ends in exactly one of four ways: the right peer connects (listener closed, second reply, relay), the
 * timer fires (listener closed, failure reply), the client goes away (listener closed, no reply), or the
 * listener fails. Connections from other addresses are closed and the wait goes on. Confined to the client's
 * event loop, which is also the listener's and the accepted channel's.
 */
final class PendingBind {
    private static final Logger log = LoggerFactory.getLogger(PendingBind.class);
    private static final String WATCH = "bind-watch";

    private final CommandContext context;
    private final AllowedPeers peers;
    private final Duration acceptTimeout;
    private final ChannelFutureListener clientClosed = f -> clientGone();
    private final ChannelFutureListener listenerClosed =
            f -> fail(ReplyCode.GENERAL_FAILURE, "bind: the listening socket closed");
    private Channel listener;
    private InetSocketAddress listening;
    private ScheduledFuture<?> timer;
    private boolean ended;

    PendingBind(CommandContext context, AllowedPeers peers, Duration acceptTimeout) {
        this.context = context;
        this.peers = peers;
        this.acceptTimeout = acceptTimeout;
    }

    /** The listening socket is bound: send the first reply and wait for the peer, the timer or the client. */
    void listening(Channel ch) {
        if (!context.isOpen()) {
            ch.close();
            return;
        }
        listener = ch;
        listening = (InetSocketAddress) ch.localAddress();
        context.track(ch);
        context.succeeded(listening);
        Channel client = context.client();
        timer = client.eventLoop().schedule(this::timedOut, acceptTimeout.toNanos(), TimeUnit.NANOSECONDS);
        client.closeFuture().addListener(clientClosed);
        ch.closeFuture().addListener(listenerClosed);
        client.pipeline().addFirst(WATCH, new ClientWatch());
        if (client instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            clientGone(); // its FIN came while the listener was being opened
            return;
        }
        // Auto-read is off while a command runs. Epoll still reports a FIN (EPOLLRDHUP); NIO only notices it
        // during a read, so ask for one. What the client sends meanwhile stays buffered for the relay.
        client.read();
    }

    /** A connection reached the listening socket (registered, not yet reading): take it or close it. */
    void offered(Channel ch) {
        InetSocketAddress from = (InetSocketAddress) ch.remoteAddress();
        if (ended || from == null || !peers.allows(from.getAddress())
                || peers.any() && context.authorize(SocksAddress.of(from), from.getAddress()).blocked()) {
            log.debug("session {}: BIND closed a connection from {}, waiting for {}", context.session().id(),
                    from, peers);
            ch.close();
            return;
        }
        end();
        context.track(ch);
        // Later, not inside the channel's registration: the relay then finds it registered and active.
        ch.eventLoop().execute(() -> connected(ch, from));
    }

    private void connected(Channel peer, InetSocketAddress from) {
        if (!context.isOpen()) {
            peer.close();
            return;
        }
        if (!peer.isActive()) {
            context.failed(ReplyCode.GENERAL_FAILURE, "bind: the peer " + from + " closed before the relay started");
            return;
        }
        Session session = context.session();
        session.resolved(from);
        context.succeeded(from);
        // The access log's "bound" stays the listening socket (the first reply); the peer is "resolved".
        session.bound(listening);
        context.relay(peer);
    }

    private void timedOut() {
        fail(ReplyCode.TTL_EXPIRED, "bind: accept timeout, no connection from " + peers + " within "
                + describe(acceptTimeout));
    }

    private void fail(ReplyCode code, String reason) {
        if (ended) {
            return;
        }
        end();
        context.failed(code, reason);
    }

    private void clientGone() {
        if (ended) {
            return;
        }
        end();
        context.session().error("client closed while waiting for the BIND peer");
        context.client().close();
    }

    /** Stops waiting: timer, watches and the listening socket all go. */
    private void end() {
        ended = true;
        if (timer != null) {
            timer.cancel(false);
        }
        Channel client = context.client();
        client.closeFuture().removeListener(clientClosed);
        if (client.pipeline().get(WATCH) != null) {
            client.pipeline().remove(WATCH);
        }
        if (listener != null) {
            listener.closeFuture().removeListener(listenerClosed);
            listener.close();
        }
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * Sits first in the client's pipeline while the BIND waits: a FIN from the client ends the wait (a client
     * that closed is gone; one that only half-closed cannot be told apart, and holding a port for it until
     * the timeout would be worse). Everything is passed on unchanged.
     */
    private final class ClientWatch extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            ctx.fireUserEventTriggered(evt);
            if (evt instanceof ChannelInputShutdownEvent) {
                clientGone();
            }
        }
    }
}
