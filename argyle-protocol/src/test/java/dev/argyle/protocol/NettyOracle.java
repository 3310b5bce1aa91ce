package dev.argyle.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;

/** Netty's codec-socks as a test oracle, driven through an {@link EmbeddedChannel}; every ByteBuf is released. */
public final class NettyOracle {
    private NettyOracle() {
    }

    /** The bytes Netty's {@code encoder} writes for {@code message}. */
    public static byte[] encode(ChannelHandler encoder, Object message) {
        EmbeddedChannel ch = new EmbeddedChannel(encoder);
        try {
            assertThat(ch.writeOutbound(message)).isTrue();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
                try {
                    out.writeBytes(ByteBufUtil.getBytes(buf));
                } finally {
                    buf.release();
                }
            }
            return out.toByteArray();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** What Netty's {@code decoder} made of {@code bytes}, and the bytes it passed on after the message. */
    public record Decoded<M>(M message, DecoderResult result, byte[] rest) {
    }

    public static <M> Decoded<M> decode(ChannelHandler decoder, byte[] bytes, Class<M> type) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            Object first = ch.readInbound();
            assertThat(first).as("Netty decoded nothing").isInstanceOf(type);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
                ByteBuf buf = (ByteBuf) o;
                try {
                    rest.writeBytes(ByteBufUtil.getBytes(buf));
                } finally {
                    buf.release();
                }
            }
            return new Decoded<>(type.cast(first), ((DecoderResultProvider) first).decoderResult(),
                    rest.toByteArray());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** Decodes and requires success with no bytes left over. */
    public static <M> M decodeOk(ChannelHandler decoder, byte[] bytes, Class<M> type) {
        Decoded<M> d = decode(decoder, bytes, type);
        assertThat(d.result().isSuccess()).as("Netty decoder result: %s", d.result()).isTrue();
        assertThat(d.rest()).isEmpty();
        return d.message();
    }

    /** Netty's textual form of an IP address, as its encoders expect it. */
    public static String nettyAddress(SocksAddress a) {
        return a.isDomain() ? a.host() : NetUtil.bytesToIpAddress(a.address().getAddress());
    }

    /** The raw bytes of an IP address text, for comparing Netty's decoded text with ours. */
    public static byte[] ipBytes(String text) {
        return NetUtil.createByteArrayFromIpAddressString(text);
    }
}
