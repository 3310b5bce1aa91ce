package dev.argyle.server.gssapi;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.protocol.gssapi.MessageProtection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import java.nio.ByteBuffer;
import org.ietf.jgss.GSSException;

/**
 * RFC 1961 section 5 for a GSS-API session's UDP relay socket: each datagram from the client must be one whole
 * MTYP 3 message whose token unwraps to a SOCKS UDP datagram (header and data); each datagram to the client is
 * wrapped the same way. A datagram that is not, or that fails to unwrap (tampered, replayed), is dropped, as
 * any malformed datagram is; so is one too large to wrap into one message.
 */
final class DatagramLayer extends ChannelDuplexHandler {
    private final MessageProtection protection;

    DatagramLayer(MessageProtection protection) {
        this.protection = protection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] plain;
        try {
            plain = unwrap(packet.content());
        } finally {
            packet.release();
        }
        if (plain != null) {
            ctx.fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(plain), packet.recipient(), packet.sender()));
        }
    }

    private byte[] unwrap(ByteBuf content) {
        ByteBuffer view = content.nioBuffer();
        DecodeResult<GssFrame> r = GssFrame.DECODER.decode(view);
        if (!(r instanceof DecodeResult.Done<GssFrame> done) || view.hasRemaining()
                || done.message().type() != GssFrame.MESSAGE) {
            return null;
        }
        try {
            return protection.unwrapDatagram(done.message().token());
        } catch (GSSException e) {
            return null;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.write(msg, promise);
            return;
        }
        byte[] token;
        try {
            token = protection.wrapDatagram(ByteBufUtil.getBytes(packet.content()));
        } catch (GSSException e) {
            token = null;
        } finally {
            packet.content().release();
        }
        if (token == null || token.length > GssFrame.MAX_TOKEN) {
            promise.trySuccess(); // dropped like any datagram that cannot be sent
            return;
        }
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(GssFrame.message(token).toBytes()), packet.recipient()),
                promise);
    }
}
