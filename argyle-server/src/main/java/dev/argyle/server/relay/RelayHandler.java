package dev.argyle.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Forwards what one channel reads to its peer. Back-pressure: when the peer's outbound buffer passes its
 * high-water mark this side stops reading, and reading resumes when the peer drains below the low mark
 * (signalled on the peer's handler through {@link #channelWritabilityChanged}).
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private final RelayPair pair;
    private final Channel peer;
    private final boolean clientSide;

    RelayHandler(RelayPair pair, Channel peer, boolean clientSide) {
        this.pair = pair;
        this.peer = peer;
        this.clientSide = clientSide;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int n = buf.readableBytes();
        if (clientSide) {
            pair.session().addUp(n);
        } else {
            pair.session().addDown(n);
        }
        // A void promise: a failed write surfaces as exceptionCaught on the peer, which closes both.
        peer.write(buf, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            Reading.resume(peer);
        } else {
            peer.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            pair.inputShutdown(clientSide);
        } else if (evt instanceof IdleStateEvent) {
            pair.fail("idle timeout");
        } else {
            ReferenceCountUtil.release(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pair.channelClosed(clientSide);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        pair.fail((clientSide ? "client: " : "target: ") + cause.getMessage());
    }
}
