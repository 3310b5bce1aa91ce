package dev.argyle.server.overload;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;

/**
 * When Netty cannot even create a channel (its socket() failed with {@code EMFILE}), {@code connect} and
 * {@code bind} return a future that has already failed on Netty's global executor, not on the event loop the
 * bootstrap was given, and its listeners run on that other thread. Session state is confined to its event
 * loop, so such a listener is moved there first.
 */
public final class OnLoop {
    private OnLoop() {
    }

    /** {@code listener}, always run on {@code loop}. */
    public static ChannelFutureListener listener(EventLoop loop, ChannelFutureListener listener) {
        return f -> {
            if (loop.inEventLoop()) {
                listener.operationComplete(f);
            } else {
                loop.execute(() -> {
                    try {
                        listener.operationComplete(f);
                    } catch (Exception e) {
                        f.channel().pipeline().fireExceptionCaught(e);
                    }
                });
            }
        };
    }
}
