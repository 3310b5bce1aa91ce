package dev.argyle.server.overload;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of every session channel (client, outbound, UDP): notes a failed buffer allocation
 * ({@link OutOfMemoryError}: direct memory at {@code -XX:MaxDirectMemorySize}, or Netty's
 * {@code OutOfDirectMemoryError} at {@code io.netty.maxDirectMemory}) that Netty reports while reading. Netty
 * has already stopped reading the channel (it shuts its input on an out-of-memory read); the handlers behind
 * this one close the session as they do on any error, which returns its buffers. This one counts and logs at
 * most once per interval, then passes the exception on. Sharable; thread-safe.
 */
@ChannelHandler.Sharable
public final class MemoryWatch extends ChannelInboundHandlerAdapter {
    private final OverloadCounters counters;

    public MemoryWatch(OverloadCounters counters) {
        this.counters = counters;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            counters.outOfMemory(() -> "out of memory for buffers (" + cause.getMessage() + "): closing the "
                    + "sessions that cannot allocate");
        }
        ctx.fireExceptionCaught(cause);
    }
}
