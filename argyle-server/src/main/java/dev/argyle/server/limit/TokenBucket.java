package dev.argyle.server.limit;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code rate} tokens per second, holding at most {@code capacity}. Two ways to spend:
 * {@link #tryTake} spends only what is there (for datagrams: one token each, or drop); {@link #take} always
 * spends and may leave the bucket in debt, answering how long until it is out of debt (for a byte stream,
 * which has already read its bytes and can only wait before reading more). A rate change keeps the current
 * balance (clipped to the new capacity), so a config reload does not hand out a fresh burst.
 *
 * <p>Thread-safe (one bucket may be shared by the sessions of one user on several event loops); each call is
 * a few arithmetic operations under the bucket's lock.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoClock;
    private long rate;
    private double capacity;
    private double tokens;
    private long refilledAt;

    /** A full bucket. */
    public TokenBucket(long rate, long capacity, LongSupplier nanoClock) {
        if (rate <= 0 || capacity < 0) {
            throw new IllegalArgumentException("rate must be positive and capacity not negative: " + rate + ", " + capacity);
        }
        this.nanoClock = nanoClock;
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
        this.refilledAt = nanoClock.getAsLong();
    }

    public synchronized long rate() {
        return rate;
    }

    /** Changes the rate and capacity from now on; what was earned so far at the old rate is kept. */
    public synchronized void setRate(long newRate, long newCapacity) {
        if (newRate <= 0 || newCapacity < 0) {
            throw new IllegalArgumentException("rate must be positive and capacity not negative: " + newRate + ", " + newCapacity);
        }
        refill();
        rate = newRate;
        capacity = newCapacity;
        tokens = Math.min(tokens, capacity);
    }

    /** Takes {@code n} tokens if the bucket holds that many; otherwise takes none and answers false. */
    public synchronized boolean tryTake(long n) {
        refill();
        if (tokens < n) {
            return false;
        }
        tokens -= n;
        return true;
    }

    /**
     * Takes {@code n} tokens, going into debt if need be; answers the nanoseconds until the balance is back at
     * zero (0 when not in debt).
     */
    public synchronized long take(long n) {
        refill();
        tokens -= n;
        return nanosOfDebt();
    }

    /** Nanoseconds until the balance is back at zero; 0 when not in debt. */
    public synchronized long debtNanos() {
        refill();
        return nanosOfDebt();
    }

    /** The current balance, negative in debt (for tests and status). */
    public synchronized double tokens() {
        refill();
        return tokens;
    }

    private long nanosOfDebt() {
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / rate);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        if (now > refilledAt) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * (double) rate / NANOS_PER_SECOND);
            refilledAt = now;
        }
    }
}
