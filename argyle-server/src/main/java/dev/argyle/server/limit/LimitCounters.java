package dev.argyle.server.limit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refusals by limit, and sessions slowed by a bandwidth limit, for metrics and tests. Also writes the WARN
 * line for a refusal (the INFO line for a slowed session), at most once per second per limit: a flood that hits
 * a limit thousands of times a second must not also flood the log. Thread-safe.
 */
public final class LimitCounters {
    private static final Logger log = LoggerFactory.getLogger(LimitCounters.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final Map<Limit, LongAdder> refused = new EnumMap<>(Limit.class);
    private final Map<Limit, LongAdder> slowed = new EnumMap<>(Limit.class);
    private final Map<Limit, AtomicLong> lastLogged = new EnumMap<>(Limit.class);
    private final Map<Limit, LongAdder> unlogged = new EnumMap<>(Limit.class);
    private final LongSupplier nanoClock;

    public LimitCounters() {
        this(System::nanoTime);
    }

    LimitCounters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        long never = nanoClock.getAsLong() - LOG_INTERVAL_NANOS;
        for (Limit l : Limit.values()) {
            refused.put(l, new LongAdder());
            slowed.put(l, new LongAdder());
            unlogged.put(l, new LongAdder());
            lastLogged.put(l, new AtomicLong(never));
        }
    }

    /** Sessions refused because of {@code limit} since the server started. */
    public long refused(Limit limit) {
        return refused.get(limit).sum();
    }

    /** Sessions refused by any limit. */
    public long refused() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Sessions slowed by the bandwidth limit {@code limit} (each counted once per limit) since the server started. */
    public long slowed(Limit limit) {
        return slowed.get(limit).sum();
    }

    /**
     * Counts a session slowed for the first time by a bandwidth limit and logs it, unless this limit was logged
     * less than a second ago. {@code value} is the limit as configured, e.g. "256KiB/s".
     */
    public void recordSlowed(Limit limit, String value, String who) {
        slowed.get(limit).increment();
        unlogged.get(limit).increment();
        if (due(limit)) {
            long count = unlogged.get(limit).sumThenReset();
            log.info("{} slowed: limit: {} ({} {}); {} session(s) slowed by this limit since the last such line",
                    who, limit.description(), limit.key(), value, count);
        }
    }

    private boolean due(Limit limit) {
        AtomicLong last = lastLogged.get(limit);
        long now = nanoClock.getAsLong();
        long then = last.get();
        return now - then >= LOG_INTERVAL_NANOS && last.compareAndSet(then, now);
    }

    /** Counts one refusal and logs it, unless this limit was logged less than a second ago. */
    void record(Limit limit, int value, String who) {
        refused.get(limit).increment();
        unlogged.get(limit).increment();
        AtomicLong last = lastLogged.get(limit);
        long now = nanoClock.getAsLong();
        long then = last.get();
        if (now - then >= LOG_INTERVAL_NANOS && last.compareAndSet(then, now)) {
            long count = unlogged.get(limit).sumThenReset();
            log.warn("{} refused: {}; {} refusal(s) for this limit since the last such line", who, limit.error(value), count);
        }
    }
}
