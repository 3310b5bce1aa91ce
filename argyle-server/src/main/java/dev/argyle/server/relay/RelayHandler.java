package dev.argyle.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Forwards what one channel reads to its peer and turns the channel's events into the pair's rules.
 * Back-pressure on the copying path: when the peer's outbound buffer passes its high-water mark this side
 * stops reading, and reading resumes when the peer drains below the low mark. On the splice path Netty
 * throttles reading itself, so this handler leaves auto-read alone ({@code managesReading} false); buffers
 * still arrive there for the bytes a client sent ahead of the reply.
 */
class RelayHandler extends ChannelInboundHandlerAdapter {
    final RelayPair pair;
    final Channel peer;
    final boolean clientSide;
    private final boolean managesReading;

    RelayHandler(RelayPair pair, Channel peer, boolean clientSide, boolean managesReading) {
        this.pair = pair;
        this.peer = peer;
        this.clientSide = clientSide;
        this.managesReading = managesReading;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        // A void promise: a failed write surfaces as exceptionCaught on the peer, which closes both.
        peer.write(buf, peer.voidPromise());
        if (managesReading && !peer.isWritable()) {
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
            if (managesReading) {
                Reading.resume(peer);
            }
        } else {
            peer.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            onInputShutdown(ctx);
        } else {
            ReferenceCountUtil.release(evt);
        }
    }

    /** This side sent FIN. */
    void onInputShutdown(ChannelHandlerContext ctx) {
        pair.inputShutdown(clientSide);
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
