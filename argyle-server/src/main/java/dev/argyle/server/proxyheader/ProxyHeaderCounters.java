package dev.argyle.server.proxyheader;

import dev.argyle.server.overload.RateLimitedWarning;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to PROXY headers, server-wide. A refused connection is counted every time and logged at most once
 * a second per kind: an untrusted host or a misconfigured balancer can send thousands a second.
 */
public final class ProxyHeaderCounters {
    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderCounters.class);
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final LongAdder accepted = new LongAdder();
    private final LongAdder local = new LongAdder();
    private final RateLimitedWarning untrusted = new RateLimitedWarning(log, INTERVAL, System::nanoTime);
    private final RateLimitedWarning missing = new RateLimitedWarning(log, INTERVAL, System::nanoTime);
    private final RateLimitedWarning malformed = new RateLimitedWarning(log, INTERVAL, System::nanoTime);

    void accepted() {
        accepted.increment();
    }

    void local() {
        local.increment();
    }

    void untrusted(String what) {
        untrusted.occurred(() -> what);
    }

    void missing(String what) {
        missing.occurred(() -> what);
    }

    void malformed(String what) {
        malformed.occurred(() -> what);
    }

    /** Headers that named a client (PROXY command). */
    public long acceptedTotal() {
        return accepted.sum();
    }

    /** v2 LOCAL headers (the balancer's own health checks). */
    public long localTotal() {
        return local.sum();
    }

    /** Connections closed because their source may not send a header. */
    public long untrustedTotal() {
        return untrusted.total();
    }

    /** Connections closed because they did not start with a header (or sent none in time). */
    public long missingTotal() {
        return missing.total();
    }

    /** Connections closed because the header was malformed, too long, or named no TCP client. */
    public long malformedTotal() {
        return malformed.total();
    }
}
