package dev.argyle.client;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A point in time by which something must be done, with the budget it came from (for error messages).
 * {@link #NONE} never expires; {@link #min} narrows it. Immutable.
 */
record Deadline(long endNanos, Duration budget) {
    static final Deadline NONE = new Deadline(0, null);

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    boolean isNone() {
        return budget == null;
    }

    /** The earlier of this deadline and {@code budget} from now. */
    Deadline min(Duration budget) {
        Deadline other = after(budget);
        return isNone() || other.endNanos - endNanos < 0 ? other : this;
    }

    /**
     * The remaining time as a socket timeout in milliseconds (at least 1, since 0 would mean "forever").
     *
     * @throws SocketTimeoutException when the time is up
     */
    int soTimeoutMillis() throws SocketTimeoutException {
        if (isNone()) {
            return 0;
        }
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out after " + text());
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    /** The budget in words: "15 s", "500 ms". */
    String text() {
        if (budget == null) {
            return "(no limit)";
        }
        long ms = budget.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
