package dev.argyle.server.admin;

import dev.argyle.server.Transport;
import dev.argyle.server.config.AdminConfig;
import dev.argyle.server.config.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin HTTP listener, on one event loop thread of its own: whatever an admin client does (a huge request, a
 * slow one, a flood of connections) stays on that thread and cannot delay a SOCKS session. Requests are small
 * and bounded: request line 4 KiB, headers 8 KiB, body 16 KiB ({@code 413} above), a deadline per request, at
 * most {@value #MAX_CONNECTIONS} connections at once (more are closed on accept).
 */
final class AdminServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 32;
    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 16 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;

    private AdminServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Binds {@code config.listen()} and serves {@code api}; throws {@link BindException} if it cannot. */
    static AdminServer start(AdminConfig config, Transport transport, AdminApi api, Runnable everySecond)
            throws BindException {
        EventLoopGroup group = transport.newGroup(1, new DefaultThreadFactory("argyle-admin", true));
        AtomicInteger connections = new AtomicInteger();
        long timeout = config.requestTimeout().toMillis();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 64)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                            connections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        RequestDeadline deadline = new RequestDeadline(timeout);
                        ch.pipeline().addLast("deadline", deadline)
                                .addLast("http", new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192))
                                .addLast("aggregate", new BoundedAggregator(MAX_BODY))
                                .addLast("api", new AdminHttpHandler(api, deadline));
                    }
                });
        Channel ch;
        try {
            ch = b.bind(config.listen()).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            BindException failure = new BindException("cannot listen on admin address "
                    + HostPort.format(config.listen()) + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        group.next().scheduleAtFixedRate(everySecond, 1, 1, TimeUnit.SECONDS);
        return new AdminServer(group, ch);
    }

    /** Answers a request over the body limit with 413 and closes (Netty's default keeps some connections open). */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse tooLarge = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.EMPTY_BUFFER);
            tooLarge.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(tooLarge).addListener(ChannelFutureListener.CLOSE);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
