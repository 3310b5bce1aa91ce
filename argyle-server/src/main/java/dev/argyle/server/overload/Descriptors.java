package dev.argyle.server.overload;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The process's open descriptors against its limit ({@code RLIMIT_NOFILE}), cheap enough to ask on every
 * accept. Counting the open descriptors lists {@code /proc/self/fd}, which costs time in proportion to the
 * count, so it is sampled at most every {@link #SAMPLE_NANOS} (every {@link #SATURATED_SAMPLE_NANOS} while
 * near the limit, to notice quickly when descriptors come free), and never more often than every
 * {@link #COST_FACTOR} times the last listing took, so that listing costs at most a twentieth of one event
 * loop however many descriptors are open (tens of thousands take milliseconds to list). Between samples each
 * accept is added to the last count. Outbound sockets opened since are not, so the estimate may fall short by
 * what the sessions of the last interval opened; the reserve is there for them. Thread-safe.
 */
public final class Descriptors {
    static final long SAMPLE_NANOS = 100_000_000L;
    static final long SATURATED_SAMPLE_NANOS = 20_000_000L;
    static final long COST_FACTOR = 20;

    private final long limit;
    private final long threshold;
    private final LongSupplier openCount;
    private final LongSupplier nanoClock;
    /** The last sample plus the accepts since. */
    private final AtomicLong estimate = new AtomicLong();
    private final AtomicLong sampledAt;
    private volatile long listingNanos;

    Descriptors(long limit, long reserve, LongSupplier openCount, LongSupplier nanoClock) {
        this.limit = limit;
        this.threshold = limit - reserve;
        this.openCount = openCount;
        this.nanoClock = nanoClock;
        this.sampledAt = new AtomicLong(nanoClock.getAsLong() - SAMPLE_NANOS);
    }

    /**
     * This process's limit; the reserve is {@code -Dargyle.descriptorReserve=N} if given, else a tenth of the
     * limit between 32 and 1024: room for the outbound sockets (CONNECT, BIND, UDP) of sessions already
     * accepted, and for log files and the JVM's own. A reserve of 0 turns shedding off. Where /proc cannot
     * tell the counts (not Linux), nothing is ever shed.
     */
    public static Descriptors ofThisProcess() {
        long limit = ProcFd.softLimit();
        if (limit <= 0) {
            return new Descriptors(Long.MAX_VALUE, 0, () -> 0, System::nanoTime);
        }
        long reserve = Long.getLong("argyle.descriptorReserve", Math.max(32, Math.min(1024, limit / 10)));
        long effective = reserve <= 0 ? 0 : Math.min(reserve, limit - 1);
        return new Descriptors(effective == 0 ? Long.MAX_VALUE : limit, effective, ProcFd::openCount, System::nanoTime);
    }

    /**
     * Called once per accepted connection (which already holds its descriptor): true when the process is
     * within the reserve of its limit, so the new connection should be closed at once.
     */
    public boolean acceptedNearLimit() {
        if (threshold == Long.MAX_VALUE) {
            return false;
        }
        long open = estimate.incrementAndGet();
        long now = nanoClock.getAsLong();
        long then = sampledAt.get();
        long every = Math.max(open >= threshold ? SATURATED_SAMPLE_NANOS : SAMPLE_NANOS, COST_FACTOR * listingNanos);
        if (now - then >= every && sampledAt.compareAndSet(then, now)) {
            // Accepts on other loops while /proc is listed may be missed by this sample: a few at most.
            open = count();
            estimate.set(open);
            listingNanos = Math.max(0, nanoClock.getAsLong() - now);
        }
        return open >= threshold;
    }

    /**
     * Called after a connection {@link #acceptedNearLimit()} counted has been closed at once (shed): its
     * descriptor is free again. Without this, every shed connection would raise the estimate until the next
     * sample, and a sample taken in the middle of a batch of accepts (Netty's NIO listener accepts up to 16
     * sockets before it hands the first one on, so the listing sees the rest still open) would keep the
     * estimate above the threshold for as long as connections keep arriving.
     */
    public void shedClosed() {
        if (threshold != Long.MAX_VALUE) {
            estimate.decrementAndGet();
        }
    }

    /** Listing /proc/self/fd takes a descriptor: when even that fails, the process is at its limit. */
    private long count() {
        try {
            return openCount.getAsLong();
        } catch (RuntimeException | InternalError atTheLimit) {
            return limit;
        }
    }

    /** RLIMIT_NOFILE, or {@link Long#MAX_VALUE} when shedding is off. */
    public long limit() {
        return limit;
    }

    /** Open descriptors: the last sample plus the accepts since. */
    public long estimate() {
        return estimate.get();
    }

    /** Shedding starts at this many open descriptors. */
    public long threshold() {
        return threshold;
    }
}
