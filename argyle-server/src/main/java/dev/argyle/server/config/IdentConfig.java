package dev.argyle.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A listener's ident settings (RFC 1413), used for SOCKS4 requests only.
 *
 * @param mode    off, log or verify
 * @param port    the identd port on the client host: 113 (RFC 1413 section 2); another one only for tests
 * @param timeout the most one query may take, connect included; an identd that has not answered by then counts
 *                as unreachable
 */
public record IdentConfig(IdentMode mode, int port, Duration timeout) {
    public static final int DEFAULT_PORT = 113;

    public IdentConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("ident port out of range: " + port);
        }
    }

    public static IdentConfig defaults() {
        return new IdentConfig(IdentMode.OFF, DEFAULT_PORT, Duration.ofSeconds(5));
    }

    public IdentConfig withMode(IdentMode newMode) {
        return new IdentConfig(newMode, port, timeout);
    }

    /** Reads a port number 1-65535. */
    static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 0xFFFF) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected a port from 1 to 65535, got '" + text + "'");
    }
}
