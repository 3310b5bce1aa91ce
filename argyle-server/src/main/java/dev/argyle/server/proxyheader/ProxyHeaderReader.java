package dev.argyle.server.proxyheader;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * After Netty's decoder: holds the connection back from the SOCKS handshake (its channelActive, where client rules
 * and limits are checked) until the PROXY header has been read and its client address recorded in
 * {@link ClientAddress}; then lets the handshake start and leaves the pipeline. A malformed header, or none within
 * the handshake timeout, closes the connection without a SOCKS reply.
 *
 * <p>LOCAL (v2) and UNKNOWN/UNSPEC headers carry no client: the specification (sections 2.1 and 2.2) says to use
 * the connection's own addresses, so the session goes on as the balancer's own connection. HAProxy sends LOCAL
 * for its health checks and then closes, every few hundred milliseconds: such a connection starts its session
 * only when a first SOCKS byte arrives, so health checks leave no session and no access-log line. A header for a
 * UDP or Unix-socket client is refused: this listener serves TCP clients only.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {
    private final ProxyHeaderCounters counters;
    private final Duration timeout;
    private ScheduledFuture<?> timer;
    private boolean done;
    /** A LOCAL header was read: the session starts with the first byte after it, if one ever comes. */
    private boolean localPending;
    /** A malformed header is reported once, though the decoder may throw again as the channel closes. */
    private boolean failed;

    ProxyHeaderReader(ProxyHeaderCounters counters, Duration timeout) {
        this.counters = counters;
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not passed on: the handshake sees the channel become active only once the client is known.
        timer = ctx.executor().schedule(() -> {
            counters.missing("PROXY protocol listener " + ctx.channel().localAddress() + ": " + ctx.channel().remoteAddress()
                    + " sent no complete PROXY header within " + timeout.toMillis() + " ms");
            ctx.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (localPending) {
            start(ctx);
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ReferenceCountUtil.release(msg); // not reached: the decoder holds every byte until the header is whole
            return;
        }
        try {
            if (!accept(ctx, header)) {
                ctx.close();
                return;
            }
        } finally {
            ReferenceCountUtil.release(header);
        }
        if (!localPending) {
            start(ctx);
        }
    }

    /** The client is known: the handshake sees the channel become active, and this handler leaves. */
    private void start(ChannelHandlerContext ctx) {
        done = true;
        localPending = false;
        cancelTimer();
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private boolean accept(ChannelHandlerContext ctx, HAProxyMessage header) {
        if (header.command() == HAProxyCommand.LOCAL || header.proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN) {
            counters.local();
            localPending = true;
            return true;
        }
        switch (header.proxiedProtocol()) {
            case TCP4, TCP6 -> {
                ClientAddress.set(ctx.channel(), address(header.sourceAddress(), header.sourcePort()),
                        address(header.destinationAddress(), header.destinationPort()));
                counters.accepted();
                return true;
            }
            default -> {
                failed = true;
                counters.malformed("PROXY protocol listener " + ctx.channel().localAddress() + ": "
                        + ctx.channel().remoteAddress() + " sent a header for a " + header.proxiedProtocol()
                        + " client; only TCP clients are served");
                return false;
            }
        }
    }

    /** The decoder has already checked the address is a literal of the header's family: no lookup happens. */
    private static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (java.net.UnknownHostException e) {
            throw new HAProxyProtocolException("not an IP address: " + literal);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (failed) {
            return;
        }
        failed = true;
        counters.malformed("PROXY protocol listener " + ctx.channel().localAddress() + ": " + ctx.channel().remoteAddress()
                + " sent a malformed PROXY header: " + cause.getMessage());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!done && evt instanceof ChannelInputShutdownEvent) {
            ctx.close(); // half-closed before the header: nothing more can come
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (done) {
            ctx.fireChannelInactive();
        }
        // Before the header the handshake never saw the channel active, so it must not see it inactive either.
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
