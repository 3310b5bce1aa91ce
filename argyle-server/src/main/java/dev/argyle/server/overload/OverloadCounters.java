package dev.argyle.server.overload;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often the server ran out of descriptors or direct memory, for tests and metrics; each kind also writes
 * its WARN line at most once per {@link #LOG_INTERVAL_NANOS}. One per server. Thread-safe.
 */
public final class OverloadCounters {
    private static final Logger log = LoggerFactory.getLogger(OverloadCounters.class);
    /** At most one line per kind per 10 s: a flood at the limit must not also flood the log. */
    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final RateLimitedWarning shed = warning();
    private final RateLimitedWarning acceptFailed = warning();
    private final RateLimitedWarning outOfMemory = warning();

    private static RateLimitedWarning warning() {
        return new RateLimitedWarning(log, LOG_INTERVAL_NANOS, System::nanoTime);
    }

    /** New connections closed at once because descriptors were nearly exhausted. */
    public long shed() {
        return shed.total();
    }

    /** Accept calls that failed (EMFILE, ENFILE, ENOBUFS...), each followed by a pause. */
    public long acceptFailures() {
        return acceptFailed.total();
    }

    /** Channels closed because a buffer could not be allocated (direct memory exhausted). */
    public long outOfMemory() {
        return outOfMemory.total();
    }

    void shed(Supplier<String> what) {
        shed.occurred(what);
    }

    void acceptFailed(Supplier<String> what) {
        acceptFailed.occurred(what);
    }

    void outOfMemory(Supplier<String> what) {
        outOfMemory.occurred(what);
    }
}
