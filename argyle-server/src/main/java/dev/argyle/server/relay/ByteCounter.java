package dev.argyle.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Counts every byte a channel reads from its socket, whichever way it is read: into buffers (the copying
 * relay) or into a pipe by splice(2), where no buffer passes the pipeline and nothing else could count.
 * Netty reports both through the channel's receive-allocator handle, so this wraps that handle. Install one
 * per channel ({@link #install}) before its first read; read it on the channel's event loop.
 */
public final class ByteCounter implements RecvByteBufAllocator {
    /** Adaptive sizing (64 B .. 64 KiB) as Netty's default; one shared instance hands out per-channel handles. */
    private static final RecvByteBufAllocator SIZING = new AdaptiveRecvByteBufAllocator();

    private long total;
    /** The largest read, or 0 for the adaptive sizing's own choice (up to 64 KiB). */
    private int maxRead;

    /** Gives {@code ch} its own counter; call before the channel reads. */
    public static void install(Channel ch) {
        ch.config().setRecvByteBufAllocator(new ByteCounter());
    }

    /** Bytes {@code ch} has read so far, or 0 if it has no counter. */
    public static long read(Channel ch) {
        return ch.config().getRecvByteBufAllocator() instanceof ByteCounter c ? c.total : 0;
    }

    /** Caps {@code ch}'s reads at {@code bytes} from now on (a shaped channel reads in small steps); needs a counter. */
    static void capReads(Channel ch, int bytes) {
        if (ch.config().getRecvByteBufAllocator() instanceof ByteCounter c) {
            c.maxRead = bytes;
        }
    }

    @Override
    public Handle newHandle() {
        return new CountingHandle((ExtendedHandle) SIZING.newHandle());
    }

    private final class CountingHandle implements ExtendedHandle {
        private final ExtendedHandle delegate;

        CountingHandle(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public void lastBytesRead(int bytes) {
            if (bytes > 0) {
                total += bytes;
            }
            delegate.lastBytesRead(bytes);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return maxRead == 0 ? delegate.allocate(alloc) : alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            int cap = maxRead;
            return cap == 0 ? delegate.guess() : Math.min(cap, delegate.guess());
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            delegate.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
        }
    }
}
