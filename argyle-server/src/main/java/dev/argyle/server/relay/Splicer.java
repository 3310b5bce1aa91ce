package dev.argyle.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * Moves one direction of a relay onto splice(2) (socket → pipe → socket, through Netty's
 * {@link AbstractEpollStreamChannel#spliceTo}), so its payload never enters user space; and at that
 * direction's end, reads what splice left behind.
 *
 * <p>Why the drain: Netty notices the peer's FIN through EPOLLRDHUP and shuts the input down even when its
 * splice loop stopped early (the pipe was full), leaving bytes in the socket that it will never read — a
 * naive splice relay loses them (see NOTES.md). So at input shutdown the relay reads what is left straight
 * from the descriptor and queues it behind the spliced data before passing the FIN on.
 */
final class Splicer {
    private static final int DRAIN_CHUNK = 64 * 1024;

    private Splicer() {
    }

    /**
     * True when {@code d} can be spliced: both ends epoll stream channels on one event loop, neither with a
     * pipeline that transforms the bytes ({@link Transformed}).
     */
    static boolean applies(Direction d) {
        return d.from instanceof AbstractEpollStreamChannel && d.to instanceof AbstractEpollStreamChannel
                && d.from.eventLoop() == d.to.eventLoop() && !Transformed.is(d.from) && !Transformed.is(d.to);
    }

    /**
     * Switches {@code d} to splice; later reads on {@code d.from} go socket → pipe → {@code d.to}. Bytes already
     * queued on {@code d.to} go first (same outbound queue). Netty throttles the source itself from now on.
     */
    @SuppressWarnings("deprecation") // EpollMode: splice requires level-triggered mode on both channels.
    static void start(Direction d, RelayPair pair) {
        AbstractEpollStreamChannel from = (AbstractEpollStreamChannel) d.from;
        AbstractEpollStreamChannel to = (AbstractEpollStreamChannel) d.to;
        ((EpollChannelConfig) from.config()).setEpollMode(EpollMode.LEVEL_TRIGGERED);
        ((EpollChannelConfig) to.config()).setEpollMode(EpollMode.LEVEL_TRIGGERED);
        // The drain at FIN needs the input-shutdown event (RelayPair may have turned half-closure off).
        from.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        d.spliced = true;
        // Integer.MAX_VALUE: splice until the channel closes; the future only ever fails.
        from.spliceTo(to, Integer.MAX_VALUE).addListener(f -> {
            Throwable cause = f.cause();
            if (cause != null && !(cause instanceof ClosedChannelException)) {
                pair.fail((d.clientToTarget ? "splice up: " : "splice down: ") + cause);
            }
        });
    }

    /**
     * After FIN on a spliced source: reads what is left in its socket (after FIN the kernel holds all of it,
     * at most the receive buffer, so this ends at EOF) and queues it on the destination. Returns the count.
     */
    static long drain(Direction d) throws IOException {
        AbstractEpollStreamChannel from = (AbstractEpollStreamChannel) d.from;
        // Level-triggered and at EOF, the socket would stay readable forever: stop polling it.
        from.config().setAutoRead(false);
        FileDescriptor fd = from.fd();
        long total = 0;
        while (true) {
            ByteBuf buf = from.alloc().directBuffer(DRAIN_CHUNK);
            int n;
            try {
                ByteBuffer window = buf.internalNioBuffer(0, DRAIN_CHUNK);
                n = fd.read(window, window.position(), window.limit());
            } catch (IOException | RuntimeException e) {
                buf.release();
                throw e;
            }
            if (n <= 0) {
                buf.release();
                break;
            }
            buf.writerIndex(n);
            total += n;
            d.to.write(buf, d.to.voidPromise());
        }
        if (total > 0) {
            d.to.flush();
        }
        return total;
    }
}
