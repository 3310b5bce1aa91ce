package dev.argyle.server.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The admin listener: Prometheus metrics, the JSON API and the live status page over HTTP. Off unless
 * {@code listen} is set.
 *
 * @param listen         where to serve HTTP, or null (no admin listener)
 * @param token          the bearer token that changing requests (close a session, reload) must carry, or null
 *                       (then nothing but reading is allowed); required on a non-loopback address
 * @param perUserMetrics whether metrics carry per-user series (one set of series per user name: cardinality)
 * @param requestTimeout how long one HTTP request may take to arrive, and how long an idle keep-alive
 *                       connection stays open
 */
public record AdminConfig(InetSocketAddress listen, String token, boolean perUserMetrics, Duration requestTimeout) {
    /** Shorter tokens are refused: a bearer token is the only thing between the network and a session kill. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AdminConfig {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** No admin listener; 10s request timeout when one is turned on. */
    public static AdminConfig disabled() {
        return new AdminConfig(null, null, false, Duration.ofSeconds(10));
    }

    public boolean enabled() {
        return listen != null;
    }

    public AdminConfig withListen(InetSocketAddress a) {
        return new AdminConfig(a, token, perUserMetrics, requestTimeout);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "AdminConfig[listen=" + listen + ", token=" + (token == null ? "none" : "***") + ", perUserMetrics="
                + perUserMetrics + ", requestTimeout=" + requestTimeout + "]";
    }
}
