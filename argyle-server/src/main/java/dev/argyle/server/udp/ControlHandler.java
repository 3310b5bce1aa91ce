package dev.argyle.server.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * On the control connection once the association runs: the client has nothing more to say on it (RFC 1928
 * section 6), so bytes are discarded; its EOF, reset or close ends the association.
 */
final class ControlHandler extends ChannelInboundHandlerAdapter {
    private final UdpAssociation association;

    ControlHandler(UdpAssociation association) {
        this.association = association;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            association.close(null);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        association.close(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        association.close("client: " + cause.getMessage());
    }
}
