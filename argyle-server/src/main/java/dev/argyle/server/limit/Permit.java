package dev.argyle.server.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to keep one session open, or a refusal. Closing a granted permit gives the place back; closing it
 * again, or closing a refusal, does nothing. Thread-safe.
 */
public final class Permit implements AutoCloseable {
    private static final Runnable NOTHING = () -> { };

    private final Limit refusal;
    private final String error;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Permit(Limit refusal, String error, Runnable release) {
        this.refusal = refusal;
        this.error = error;
        this.release = release;
    }

    static Permit granted(Runnable release) {
        return new Permit(null, null, release);
    }

    static Permit refused(Limit limit, int value) {
        return new Permit(limit, limit.error(value), NOTHING);
    }

    /** A permit that limits nothing. */
    public static Permit unlimited() {
        return granted(NOTHING);
    }

    public boolean granted() {
        return refusal == null;
    }

    /** The limit that refused, or null when granted. */
    public Limit refusal() {
        return refusal;
    }

    /** The session error for a refusal (names the limit and its value), or null when granted. */
    public String error() {
        return error;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
