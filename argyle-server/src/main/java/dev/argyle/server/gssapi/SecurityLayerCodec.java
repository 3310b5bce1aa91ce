package dev.argyle.server.gssapi;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.protocol.gssapi.MessageProtection;
import dev.argyle.server.auth.DatagramSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteBuffer;
import java.util.List;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;

/**
 * The security layer on a client channel after RFC 1961 agreed on integrity or confidentiality (section 5):
 * every byte the server writes goes out as MTYP 3 messages, {@code wrap}ped, and every byte read must
 * arrive as MTYP 3 messages that {@code unwrap} (so a tampered, replayed or reordered message, or anything
 * else, closes the session). It stays in the pipeline for the whole session, so the SOCKS request and reply
 * and the relayed data are all protected, and the relay never splices such a channel. A UDP association of
 * the session protects its datagrams with {@link #datagramLayer()}.
 */
final class SecurityLayerCodec extends ByteToMessageCodec<ByteBuf> implements DatagramSecurity {
    private final GSSContext context;
    private final MessageProtection protection;

    SecurityLayerCodec(GSSContext context, MessageProtection protection) {
        this.context = context;
        this.protection = protection;
    }

    /** The same protection for the session's UDP datagrams (one context, one sequence space). */
    @Override
    public ChannelHandler datagramLayer() {
        return new DatagramLayer(protection);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) throws GSSException {
        int max = protection.maxChunk();
        byte[] chunk = new byte[Math.min(max, msg.readableBytes())];
        while (msg.isReadable()) {
            int n = Math.min(max, msg.readableBytes());
            msg.readBytes(chunk, 0, n);
            byte[] token = protection.wrap(chunk, 0, n);
            out.writeByte(GssFrame.VERSION).writeByte(GssFrame.MESSAGE).writeShort(token.length).writeBytes(token);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws GSSException {
        ByteBuffer view = in.nioBuffer();
        DecodeResult<GssFrame> result = GssFrame.DECODER.decode(view);
        if (result instanceof DecodeResult.Malformed<GssFrame> bad) {
            throw new DecoderException("GSS-API: " + bad.reason());
        }
        if (result instanceof DecodeResult.Done<GssFrame> done) {
            in.skipBytes(view.position());
            GssFrame frame = done.message();
            if (frame.type() != GssFrame.MESSAGE) {
                throw new DecoderException(frame.isAbort() ? "GSS-API: client aborted"
                        : "GSS-API: expected an encapsulated message (MTYP 3), got MTYP " + frame.type());
            }
            byte[] plain = protection.unwrap(frame.token());
            if (plain.length > 0) {
                out.add(Unpooled.wrappedBuffer(plain));
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (in.isReadable()) {
            in.skipBytes(in.readableBytes());
            throw new DecoderException("GSS-API: connection ended inside a message");
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        super.handlerRemoved(ctx);
        try {
            context.dispose();
        } catch (GSSException ignored) {
            // Nothing left to release.
        }
    }
}
