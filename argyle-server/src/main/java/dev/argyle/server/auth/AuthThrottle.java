package dev.argyle.server.auth;

import dev.argyle.server.config.AuthThrottleConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing: each failed attempt from a client makes the next failure reply wait longer,
 * {@code base * 2^(n-1)} capped at {@code max}; a success, or {@code forgetAfter} without failures, starts over.
 *
 * <p>IPv6 clients are counted per /64 prefix, because one host commonly owns a whole /64 and could otherwise
 * start over by picking a new address. Memory is bounded: at most {@code capacity} clients are remembered, and
 * the one whose last failure is oldest is forgotten first. Thread-safe (one lock; it is held only briefly and
 * only on failures and successes of password checks).
 */
public final class AuthThrottle {
    static final int DEFAULT_CAPACITY = 65_536;
    /** 2^30 times any sensible base is past any sensible max; stops the counter from growing without bound. */
    private static final int MAX_COUNT = 31;

    private final AuthThrottleConfig cfg;
    private final Clock clock;
    private final int capacity;
    /** In order of last failure, oldest first: the first entries are both the stalest and the ones to evict. */
    private final LinkedHashMap<ByteBuffer, Failures> clients = new LinkedHashMap<>();

    public AuthThrottle(AuthThrottleConfig cfg, Clock clock) {
        this(cfg, clock, DEFAULT_CAPACITY);
    }

    AuthThrottle(AuthThrottleConfig cfg, Clock clock, int capacity) {
        this.cfg = cfg;
        this.clock = clock;
        this.capacity = capacity;
    }

    /** Records a failure from {@code client}; returns how long to wait before sending the failure reply. */
    public synchronized Duration delayAfterFailure(InetAddress client) {
        Instant now = clock.instant();
        forgetStale(now);
        ByteBuffer key = key(client);
        Failures previous = clients.remove(key);
        int count = previous == null ? 1 : Math.min(previous.count + 1, MAX_COUNT);
        clients.put(key, new Failures(count, now));
        if (clients.size() > capacity) {
            Iterator<ByteBuffer> oldest = clients.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return delayFor(count);
    }

    /** Forgets {@code client}'s failures. */
    public synchronized void recordSuccess(InetAddress client) {
        clients.remove(key(client));
    }

    /** How many clients are remembered (for tests). */
    synchronized int size() {
        return clients.size();
    }

    private Duration delayFor(int count) {
        Duration delay = cfg.baseDelay();
        for (int i = 1; i < count && delay.compareTo(cfg.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cfg.maxDelay()) > 0 ? cfg.maxDelay() : delay;
    }

    private void forgetStale(Instant now) {
        Iterator<Map.Entry<ByteBuffer, Failures>> it = clients.entrySet().iterator();
        while (it.hasNext()) {
            Failures f = it.next().getValue();
            if (f.last.plus(cfg.forgetAfter()).isAfter(now)) {
                return; // ordered by last failure: everything after this is fresher
            }
            it.remove();
        }
    }

    private static ByteBuffer key(InetAddress client) {
        byte[] ip = client.getAddress();
        return ByteBuffer.wrap(client instanceof Inet6Address ? Arrays.copyOf(ip, 8) : ip);
    }

    private record Failures(int count, Instant last) {
    }
}
