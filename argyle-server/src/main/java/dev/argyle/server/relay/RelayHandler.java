package dev.argyle.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * One channel's side of a relay: forwards what it reads along its outgoing {@link Direction}, and turns its
 * events into the pair's rules.
 *
 * <p>Back-pressure on the copying path: when the peer's outbound buffer passes its high-water mark this side
 * stops reading, and reading resumes when the peer drains below the low mark. Once a direction has copied
 * {@code spliceAfter} bytes (and splice applies), it moves to splice on its next bulk read (at least
 * {@link #BULK_READ} bytes in one read), where Netty throttles the source itself and this handler leaves its
 * auto-read alone. Short sessions (most of them) thus never pay for the pipes; bulk transfers run zero-copy;
 * and a long interactive session (small messages, e.g. a shell) stays on the copying path for good, where a
 * message costs one {@code recv} and one {@code send} instead of two or three {@code splice} calls, some of
 * them EAGAIN (measured: {@code socksbench latency} spliced after its first 128 KiB of 64-byte messages).
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    /** A read this large means bulk: the adaptive allocator grows to it only while reads fill their buffers. */
    static final int BULK_READ = 16 * 1024;

    private final RelayPair pair;
    private final Direction out;
    private final Direction in;
    private final long spliceAfter;

    RelayHandler(RelayPair pair, Direction out, Direction in, long spliceAfter) {
        this.pair = pair;
        this.out = out;
        this.in = in;
        this.spliceAfter = spliceAfter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (out.shaper != null) {
            // A limited direction: the shaper writes or holds the chunk, and it never splices.
            out.shaper.forward(buf);
            if (!out.to.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        int read = buf.readableBytes();
        out.copied += read;
        // A void promise: a failed write surfaces as exceptionCaught on the peer, which closes both.
        out.to.write(buf, out.to.voidPromise());
        if (out.spliced) {
            return;
        }
        if (!out.to.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        } else if (spliceDue(out.copied, read, spliceAfter) && Splicer.applies(out)) {
            // Only while the peer is writable: reading is on, and Netty's splice takes the throttling over.
            Splicer.start(out, pair);
        }
    }

    /** Whether a copying direction that has carried {@code copied} bytes, the last {@code read} of them in one read, moves to splice. */
    static boolean spliceDue(long copied, int read, long spliceAfter) {
        return copied >= spliceAfter && read >= BULK_READ;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        out.to.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (!in.spliced && (in.shaper == null || !in.shaper.paused())) {
                Reading.resume(in.from);
            }
        } else {
            in.from.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (out.shaper != null) {
                // The FIN goes after the chunks the shaper still holds.
                out.shaper.whenDrained(() -> pair.inputShutdown(out.clientToTarget));
                return;
            }
            if (out.spliced) {
                try {
                    pair.addDrained(out.clientToTarget, Splicer.drain(out));
                } catch (IOException e) {
                    pair.fail(side() + e.getMessage());
                    return;
                }
            }
            pair.inputShutdown(out.clientToTarget);
        } else {
            ReferenceCountUtil.release(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pair.channelClosed(out.clientToTarget);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        pair.fail(side() + cause);
    }

    private String side() {
        return out.clientToTarget ? "client: " : "target: ";
    }
}
