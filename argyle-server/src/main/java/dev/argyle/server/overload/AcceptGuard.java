package dev.argyle.server.overload;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a listening channel; it sees each accepted connection before Netty registers it.
 *
 * <ul>
 *   <li>While the process is within its descriptor reserve ({@link Descriptors}), a new connection is closed
 *       at once, before any handshake: the client sees the close within milliseconds rather than waiting in
 *       the backlog, and the sessions already accepted keep the descriptors their outbound sockets need.</li>
 *   <li>When accept itself fails ({@code EMFILE}, {@code ENFILE}, {@code ENOBUFS}), the connection stays in
 *       the kernel's backlog and the listener stays readable: accepting again at once would fail again at
 *       once, a busy loop. So the listener stops reading for a pause that starts at {@link #FIRST_PAUSE_MS}
 *       and doubles up to {@link #MAX_PAUSE_MS} while failures repeat, back to the first after an accept
 *       succeeds. Netty's own reaction (a fixed one-second pause, and a WARN with a stack trace each time) is
 *       replaced, since the exception is not passed on.</li>
 * </ul>
 * Both are counted and logged at most once per interval ({@link OverloadCounters}). One instance per
 * listening channel; runs on that channel's event loop only.
 */
public final class AcceptGuard extends ChannelInboundHandlerAdapter {
    static final long FIRST_PAUSE_MS = 50;
    static final long MAX_PAUSE_MS = 1_000;

    private final Descriptors descriptors;
    private final OverloadCounters counters;
    private long nextPauseMs = FIRST_PAUSE_MS;
    private boolean paused;

    public AcceptGuard(Descriptors descriptors, OverloadCounters counters) {
        this.descriptors = descriptors;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        nextPauseMs = FIRST_PAUSE_MS;
        if (msg instanceof Channel child && descriptors.acceptedNearLimit()) {
            // Not yet registered with an event loop: close the socket directly, as Netty does for a child it
            // cannot register.
            child.unsafe().closeForcibly();
            descriptors.shedClosed();
            counters.shed(() -> "descriptors nearly exhausted (" + descriptors.estimate() + " open, limit "
                    + descriptors.limit() + ", shedding from " + descriptors.threshold() + "): closing new "
                    + "connections on " + ctx.channel().localAddress() + " at once");
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        long pause = nextPauseMs;
        counters.acceptFailed(() -> "accept failed on " + ctx.channel().localAddress() + ": " + cause.getMessage()
                + "; not accepting for " + pause + " ms");
        if (paused) {
            return;
        }
        paused = true;
        nextPauseMs = Math.min(MAX_PAUSE_MS, nextPauseMs * 2);
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            paused = false;
            if (ctx.channel().isOpen()) {
                ctx.channel().config().setAutoRead(true);
            }
        }, pause, TimeUnit.MILLISECONDS);
    }
}
