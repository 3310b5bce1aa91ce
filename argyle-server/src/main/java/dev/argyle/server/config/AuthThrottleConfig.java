package dev.argyle.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server slows down password guessing: after the n-th consecutive failure from one client address, the
 * failure reply is held back for {@code baseDelay * 2^(n-1)}, never more than {@code maxDelay}.
 *
 * @param baseDelay   the delay after the first failure
 * @param maxDelay    the ceiling the doubling stops at
 * @param forgetAfter a client with no failure for this long starts again from {@code baseDelay}
 */
public record AuthThrottleConfig(Duration baseDelay, Duration maxDelay, Duration forgetAfter) {
    public AuthThrottleConfig {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
    }

    /** base 1s, max 10s, forget after 10m. */
    public static AuthThrottleConfig defaults() {
        return new AuthThrottleConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10));
    }
}
