package dev.argyle.server.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * On a SOCKS listener, after the accept guard: gives each accepted connection its epoll interest set
 * (read, and the guard of {@link EpollRegistration}) before Netty registers it, saving two
 * {@code epoll_ctl} calls per connection. SOCKS connections read from the first byte. Does nothing on NIO.
 */
@ChannelHandler.Sharable
public final class EarlyEpollInterest extends ChannelInboundHandlerAdapter {
    public static final EarlyEpollInterest INSTANCE = new EarlyEpollInterest();

    private EarlyEpollInterest() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            EpollRegistration.readingFromTheStart(child);
        }
        ctx.fireChannelRead(msg);
    }
}
