package dev.argyle.server.route;

import dev.argyle.protocol.handshake.ClientHandshake;
import dev.argyle.protocol.handshake.Step;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link ClientHandshake} at a time over an upstream channel (auto-read off): writes what it
 * says to send, reads only while it needs more, and completes with its reply. Bytes that arrive after a reply
 * are kept, never given to the handshake: when the handler is removed (after the relay was installed behind
 * it) they are passed on, because what the destination sends right after the final reply belongs to the
 * relay. Confined to the channel's event loop.
 */
final class HopHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "argyle-upstream";

    private ChannelHandlerContext ctx;
    private ByteBuf pending = Unpooled.EMPTY_BUFFER;
    private ClientHandshake handshake;
    private Promise<Step.Reply> result;
    private ScheduledFuture<?> timer;
    private long carried;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends {@code h}'s first message and completes with its first reply; {@code timeout} null waits without end. */
    Future<Step.Reply> start(ClientHandshake h, Duration timeout) {
        Future<Step.Reply> f = expect(h, timeout);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(h.start())).addListener(w -> {
            if (!w.isSuccess()) {
                fail(new IOException("cannot send to the proxy: " + w.cause().getMessage(), w.cause()));
            }
        });
        drive();
        return f;
    }

    /** Waits for {@code h}'s next reply (BIND's second). */
    Future<Step.Reply> resume(ClientHandshake h, Duration timeout) {
        Future<Step.Reply> f = expect(h, timeout);
        drive();
        return f;
    }

    /** Bytes received after the final reply and passed on to the relay; for the byte count. */
    long carried() {
        return carried;
    }

    private Future<Step.Reply> expect(ClientHandshake h, Duration timeout) {
        handshake = h;
        result = ctx.executor().newPromise();
        if (timeout != null) {
            timer = ctx.executor().schedule(() -> fail(new SocketTimeoutException("no answer within "
                    + timeout.toMillis() + "ms while waiting for " + h.waitingFor())), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return result;
    }

    private void drive() {
        while (result != null) {
            ByteBuffer in = pending.nioBuffer();
            Step step;
            try {
                step = handshake.receive(in);
            } catch (RuntimeException e) {
                fail(new IOException("the handshake failed: " + e.getMessage(), e));
                return;
            }
            pending.skipBytes(in.position());
            if (step instanceof Step.Send send) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(send.bytes()));
            } else if (step instanceof Step.NeedMore) {
                ctx.read(); // only what the handshake lacks is taken from here on; the rest stays in `pending`
                return;
            } else if (step instanceof Step.Reply reply) {
                done().trySuccess(reply);
            } else {
                done().tryFailure(new HandshakeRefused(((Step.Failed) step).failure()));
            }
        }
    }

    private Promise<Step.Reply> done() {
        Promise<Step.Reply> p = result;
        result = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        return p;
    }

    private void fail(Throwable cause) {
        if (result != null) {
            done().tryFailure(cause);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (!pending.isReadable()) {
            pending.release();
            pending = in;
        } else {
            ByteBuf joined = ctx.alloc().buffer(pending.readableBytes() + in.readableBytes());
            joined.writeBytes(pending).writeBytes(in);
            pending.release();
            in.release();
            pending = joined;
        }
        if (result != null) {
            drive();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshake != null) {
            fail(new IOException("the proxy closed the connection while we waited for " + handshake.waitingFor()));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (result != null) {
            fail(cause);
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        fail(new IOException("the upstream connection was given up"));
        ByteBuf rest = pending;
        pending = Unpooled.EMPTY_BUFFER;
        if (rest.isReadable() && ctx.channel().isActive()) {
            carried = rest.readableBytes();
            ctx.fireChannelRead(rest);
            ctx.fireChannelReadComplete();
        } else {
            rest.release();
        }
    }
}
