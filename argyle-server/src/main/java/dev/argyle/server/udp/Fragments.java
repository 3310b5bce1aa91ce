package dev.argyle.server.udp;

import dev.argyle.server.config.UdpConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fragment path of one association: a {@link ReassemblyQueue} (created on the first fragment), the
 * reassembly timer that abandons a queue whose last fragment never comes, and the counting of every
 * fragment dropped. With {@code udp.fragments: false} every fragment is dropped. Runs on the association's
 * event loop only.
 */
final class Fragments {
    /** Where dropped fragments are counted (the association: session and server counters). */
    interface Drops {
        void dropped(DropReason reason, int count);
    }

    private final EventLoop loop;
    private final UdpConfig config;
    private final ByteBufAllocator alloc;
    private final UdpCounters counters;
    private final Drops drops;
    private ReassemblyQueue queue;
    private ScheduledFuture<?> timer;
    private boolean closed;

    Fragments(EventLoop loop, UdpConfig config, ByteBufAllocator alloc, UdpCounters counters, Drops drops) {
        this.loop = loop;
        this.config = config;
        this.alloc = alloc;
        this.counters = counters;
        this.drops = drops;
    }

    /**
     * Offers the fragment ({@code frag} != 0) whose {@code headerLength}-byte header is at {@code datagram}'s
     * reader index; does not take ownership. Returns the reassembled payload (the caller owns it) when this
     * was the last fragment of a complete sequence, else null; {@link #destination} then names where it goes.
     */
    ByteBuf offer(int frag, ByteBuf datagram, int headerLength) {
        if (!config.fragments()) {
            drops.dropped(DropReason.FRAGMENT, 1);
            return null;
        }
        if (queue == null) {
            queue = new ReassemblyQueue(alloc, config.reassemblyMaxBytes(),
                    Math.max(1, config.reassemblyTimeout().toNanos()));
        }
        boolean wasActive = queue.isActive();
        long oldDeadline = queue.deadlineNanos();
        int abandonedBefore = queue.abandonedQueues();
        ReassemblyQueue.Outcome outcome = queue.offer(frag, datagram, headerLength, System.nanoTime());
        counters.reassemblyHeld(queue.peakBytes());
        drops.dropped(DropReason.FRAGMENT, queue.lastDropped());
        for (int i = queue.abandonedQueues() - abandonedBefore; i > 0; i--) {
            counters.abandonedQueue();
        }
        if (outcome == ReassemblyQueue.Outcome.QUEUED) {
            if (!wasActive || oldDeadline != queue.deadlineNanos()) {
                schedule(); // a new queue: a new deadline
            }
            return null;
        }
        cancelTimer();
        if (outcome == ReassemblyQueue.Outcome.COMPLETE) {
            counters.reassemblyCompleted();
            return queue.take();
        }
        return null;
    }

    /** The ATYP..DST.PORT bytes of the first fragment of the datagram {@link #offer} just returned. */
    byte[] destination() {
        return queue.destination();
    }

    /**
     * A standalone datagram arrived: RFC 1928 abandons the queue on any FRAG lower than the highest seen
     * (0 is lower than every position).
     */
    void standalone() {
        if (queue != null && queue.isActive()) {
            abandon();
        }
    }

    /** Releases what is held and stops the timer (the association is closing). */
    void close() {
        closed = true;
        if (queue != null) {
            drops.dropped(DropReason.FRAGMENT, queue.abandon());
        }
        cancelTimer();
    }

    private void abandon() {
        cancelTimer();
        drops.dropped(DropReason.FRAGMENT, queue.abandon());
        counters.abandonedQueue();
    }

    private void schedule() {
        cancelTimer();
        long delay = Math.max(0, queue.deadlineNanos() - System.nanoTime());
        timer = loop.schedule(this::expired, delay, TimeUnit.NANOSECONDS);
    }

    private void expired() {
        timer = null;
        if (closed || !queue.isActive()) {
            return;
        }
        if (System.nanoTime() - queue.deadlineNanos() < 0) {
            schedule();
        } else {
            abandon();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
