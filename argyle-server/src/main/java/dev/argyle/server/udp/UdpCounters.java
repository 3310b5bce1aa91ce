package dev.argyle.server.udp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-wide UDP ASSOCIATE counters, summed over all associations: datagrams and payload bytes each way,
 * drops by {@link DropReason}, and reassembly figures. Updated on the event loops without locks or
 * allocation (adders); thread-safe; the totals are a live, not an atomic, snapshot.
 */
public final class UdpCounters {
    private static final Logger log = LoggerFactory.getLogger(UdpCounters.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    private final LongAdder associations = new LongAdder();
    private final LongAdder datagramsUp = new LongAdder();
    private final LongAdder bytesUp = new LongAdder();
    private final LongAdder datagramsDown = new LongAdder();
    private final LongAdder bytesDown = new LongAdder();
    private final LongAdder reassembled = new LongAdder();
    private final LongAdder abandonedQueues = new LongAdder();
    private final LongAccumulator reassemblyPeakBytes = new LongAccumulator(Math::max, 0);
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private final AtomicLong rateLoggedAt = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final LongAdder rateUnlogged = new LongAdder();

    public UdpCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    /** Associations opened (reply sent). */
    public long associations() { return associations.sum(); }
    /** Datagrams sent to destinations (a reassembled datagram counts once). */
    public long datagramsUp() { return datagramsUp.sum(); }
    /** Payload bytes sent to destinations. */
    public long bytesUp() { return bytesUp.sum(); }
    /** Datagrams relayed back to clients. */
    public long datagramsDown() { return datagramsDown.sum(); }
    /** Payload bytes relayed back to clients (without the SOCKS header). */
    public long bytesDown() { return bytesDown.sum(); }
    /** Fragment sequences reassembled and sent. */
    public long reassembled() { return reassembled.sum(); }
    /** Fragment queues abandoned (timeout, order, size, destination). */
    public long abandonedQueues() { return abandonedQueues.sum(); }
    /** The most bytes any one reassembly queue has held; never above {@code udp.reassembly-max-bytes}. */
    public long reassemblyPeakBytes() { return reassemblyPeakBytes.get(); }

    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    /** All drops, whatever the reason. */
    public long droppedTotal() {
        long n = 0;
        for (LongAdder a : dropped) {
            n += a.sum();
        }
        return n;
    }

    void associationOpened() { associations.increment(); }
    void up(int bytes) { datagramsUp.increment(); bytesUp.add(bytes); }
    void down(int bytes) { datagramsDown.increment(); bytesDown.add(bytes); }
    void reassemblyCompleted() { reassembled.increment(); }
    void abandonedQueue() { abandonedQueues.increment(); }
    void reassemblyHeld(int bytes) { reassemblyPeakBytes.accumulate(bytes); }
    void dropped(DropReason reason, int count) { dropped[reason.ordinal()].add(count); }

    /**
     * A datagram dropped for {@code limits.udp-datagrams-per-second} (counted by the caller): logs it, at most
     * one line per second for the whole server, with how many such drops the line stands for.
     */
    void rateLimited(String who, int perSecond) {
        rateUnlogged.increment();
        long now = System.nanoTime();
        long then = rateLoggedAt.get();
        if (now - then >= LOG_INTERVAL_NANOS && rateLoggedAt.compareAndSet(then, now)) {
            log.warn("{}: datagram dropped: limit: datagrams per second per association (udp-datagrams-per-second {});"
                    + " {} datagram(s) dropped for this limit since the last such line", who, perSecond, rateUnlogged.sumThenReset());
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("udp[assocs=").append(associations())
                .append(" up=").append(datagramsUp()).append('/').append(bytesUp())
                .append(" down=").append(datagramsDown()).append('/').append(bytesDown());
        for (DropReason r : DropReason.values()) {
            b.append(' ').append(r.label()).append('=').append(dropped(r));
        }
        return b.append(" reassembled=").append(reassembled()).append(']').toString();
    }
}
