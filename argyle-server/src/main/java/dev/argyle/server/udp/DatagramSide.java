package dev.argyle.server.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one handler of an association's UDP socket: hands each datagram to the association, by side. */
final class DatagramSide extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DatagramSide.class);

    private final UdpAssociation association;
    private final boolean clientFacing;

    DatagramSide(UdpAssociation association, boolean clientFacing) {
        this.association = association;
        this.clientFacing = clientFacing;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
        } else if (clientFacing) {
            association.fromClient(packet);
        } else {
            association.fromRemote(packet);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        association.readComplete();
    }

    /**
     * A datagram that could not be sent (no route, unreachable family) fails its write, which arrives here
     * because writes use the void promise. UDP carries on: counted, never closed for it.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        association.sendFailed();
        if (log.isDebugEnabled()) {
            log.debug("udp {} socket {}: {}", clientFacing ? "client" : "outbound", ctx.channel().localAddress(),
                    cause.toString());
        }
    }
}
