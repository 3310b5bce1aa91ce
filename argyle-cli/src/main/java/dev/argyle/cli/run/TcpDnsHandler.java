package dev.argyle.cli.run;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * DNS over TCP to the namespace's resolver (RFC 1035 section 4.2.2: each message behind a two-byte length), as
 * {@code dig +tcp} and resolvers retrying a truncated answer use it: answered here like the UDP queries, never
 * sent on. Installed behind a {@link LengthFieldBasedFrameDecoder} that strips the length.
 */
final class TcpDnsHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final Placeholders placeholders;

    TcpDnsHandler(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    static LengthFieldBasedFrameDecoder framer() {
        return new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] query = ByteBufUtil.getBytes(frame);
        byte[] answer = PlaceholderResolver.answer(query, query.length, placeholders);
        if (answer == null) {
            ctx.close();
            return;
        }
        ByteBuf out = ctx.alloc().buffer(2 + answer.length);
        out.writeShort(answer.length).writeBytes(answer);
        ctx.writeAndFlush(out);
    }

    /** The client is done asking (the channel allows half-closure): answer what is pending, then close. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a malformed length or a reset: nothing to answer
    }
}
