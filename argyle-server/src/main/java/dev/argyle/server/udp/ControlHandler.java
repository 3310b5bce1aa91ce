package dev.argyle.server.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * On the control connection once the association runs: the client has nothing more to say on it (RFC 1928
 * section 6), so bytes are discarded; its EOF, reset or close ends the association. The same holds for the
 * upstream control connection of an association through a route (the TCP connection to the upstream proxy).
 */
final class ControlHandler extends ChannelInboundHandlerAdapter {
    private final UdpAssociation association;
    /** Which connection this watches, for errors: "client" or the upstream's route label. */
    private final String side;
    /** The session error when this connection ends first (null: a normal end). */
    private final String endError;

    ControlHandler(UdpAssociation association) {
        this(association, "client", null);
    }

    ControlHandler(UdpAssociation association, String side, String endError) {
        this.association = association;
        this.side = side;
        this.endError = endError;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            association.close(endError);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        association.close(endError);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        association.close(side + ": " + cause.getMessage());
    }
}
