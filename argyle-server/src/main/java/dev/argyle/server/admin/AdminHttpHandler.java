package dev.argyle.server.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;

/**
 * Turns each complete HTTP request into an {@link AdminApi} call and writes the answer. A request the codec could not
 * parse gets 400 (431 for oversized headers) and the connection closes; so does the connection after
 * {@link #MAX_REQUESTS} requests, so that one client cannot hold a connection forever.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Requests served on one keep-alive connection before it is closed. */
    static final int MAX_REQUESTS = 100;

    private final AdminApi api;
    private final RequestDeadline deadline;
    private int served;

    AdminHttpHandler(AdminApi api, RequestDeadline deadline) {
        this.api = api;
        this.deadline = deadline;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        deadline.requestComplete();
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            boolean tooLong = cause instanceof TooLongFrameException;
            respond(ctx, AdminResponse.text(tooLong ? 431 : 400, tooLong ? "request header too large" : "bad request"),
                    false);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        AdminResponse answer = api.handle(request.method().name(), path,
                request.headers().get(HttpHeaderNames.AUTHORIZATION));
        boolean keepAlive = HttpUtil.isKeepAlive(request) && ++served < MAX_REQUESTS;
        respond(ctx, answer, keepAlive);
    }

    private void respond(ChannelHandlerContext ctx, AdminResponse answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (keepAlive) {
            written.addListener(f -> {
                if (f.isSuccess()) {
                    deadline.restart();
                }
            });
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
