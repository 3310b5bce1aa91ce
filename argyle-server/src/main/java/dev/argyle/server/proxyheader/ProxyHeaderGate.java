package dev.argyle.server.proxyheader;

import dev.argyle.server.config.ProxyProtocolConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * First in a PROXY protocol listener's pipeline: closes a connection whose source may not send the header (before
 * a byte is read), and one whose first byte cannot start a header, so a plain SOCKS client is closed at once rather
 * than when the header times out. A v1 header starts with "PROXY " and a v2 header with 0x0D (the 12-byte
 * signature), per the PROXY protocol specification sections 2.1 and 2.2. Removes itself after the first byte.
 */
final class ProxyHeaderGate extends ChannelInboundHandlerAdapter {
    private static final int V1_FIRST = 'P';
    private static final int V2_FIRST = 0x0D;

    private final ProxyProtocolConfig config;
    private final ProxyHeaderCounters counters;

    ProxyHeaderGate(ProxyProtocolConfig config, ProxyHeaderCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress source = (InetSocketAddress) ctx.channel().remoteAddress();
        if (source == null || !config.trusts(source.getAddress())) {
            counters.untrusted("PROXY protocol listener " + ctx.channel().localAddress() + ": closed a connection from "
                    + source + ", which is not in proxy-protocol-from");
            ctx.close(); // no SOCKS reply: this host is not one we talk to on this listener
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && in.isReadable()) {
            int first = in.getUnsignedByte(in.readerIndex());
            if (first != V1_FIRST && first != V2_FIRST) {
                ReferenceCountUtil.release(msg);
                counters.missing(String.format("PROXY protocol listener %s: %s sent no PROXY header (first byte 0x%02x)",
                        ctx.channel().localAddress(), ctx.channel().remoteAddress(), first));
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
