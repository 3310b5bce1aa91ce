package dev.argyle.server.overload;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One kind of trouble that may happen thousands of times a second: counted every time, logged at WARN at most
 * once per interval, with how many times it happened since the last line. Thread-safe.
 */
public final class RateLimitedWarning {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final LongAdder total = new LongAdder();
    private final LongAdder unlogged = new LongAdder();
    private final AtomicLong lastLogged;

    public RateLimitedWarning(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.lastLogged = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
    }

    /** Counts one occurrence; logs {@code what} (built only when a line is written) if the interval has passed. */
    public void occurred(Supplier<String> what) {
        total.increment();
        unlogged.increment();
        long now = nanoClock.getAsLong();
        long then = lastLogged.get();
        if (now - then >= intervalNanos && lastLogged.compareAndSet(then, now)) {
            long count = unlogged.sumThenReset();
            log.warn("{}; {} time(s) since the last such line", what.get(), count);
        }
    }

    /** Occurrences since the server started. */
    public long total() {
        return total.sum();
    }
}
