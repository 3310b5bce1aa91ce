package dev.argyle.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One deadline per request, first in the pipeline (it sees raw bytes): from the connection's start, or the end of
 * the previous response, the next request must arrive complete within the timeout. A slow drip of header bytes
 * does not extend it (an idle-read timer would be reset by every byte). When it passes with part of a request
 * read, the client gets 408 and the connection closes; an idle keep-alive connection just closes.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 16\r\nConnection: close\r\n\r\nrequest timeout\n").getBytes(StandardCharsets.US_ASCII);

    private final long timeoutMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean bytesSeen;
    private boolean waiting;

    RequestDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        restart();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waiting && msg instanceof ByteBuf b && b.isReadable()) {
            bytesSeen = true;
        }
        ctx.fireChannelRead(msg);
    }

    /** A complete request arrived: no deadline while it is answered. On the event loop. */
    void requestComplete() {
        waiting = false;
        cancel();
    }

    /** The response went out on a kept-alive connection: the next request's deadline starts. On the event loop. */
    void restart() {
        cancel();
        waiting = true;
        bytesSeen = false;
        timer = ctx.executor().schedule(this::expired, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void expired() {
        if (!waiting || !ctx.channel().isActive()) {
            return;
        }
        if (bytesSeen) {
            // Written below the HTTP codec: the codec is in the middle of decoding a request and cannot help.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
