package dev.argyle.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each phase of a session may take before the server gives up on it.
 *
 * @param handshake from accept until the SOCKS request is fully read (greeting, auth, request); stops clients
 *                  that open a connection and say nothing from holding a socket
 * @param connect   for the outbound TCP connect to the destination
 * @param idle      a relayed connection with no bytes in either direction is closed after this; {@link Duration#ZERO}
 *                  means never
 * @param resolve   for resolving a destination host name
 */
public record Timeouts(Duration handshake, Duration connect, Duration idle, Duration resolve) {
    public Timeouts {
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(resolve, "resolve");
    }

    /** handshake 10s, connect 10s, idle 5m, resolve 5s. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    public Timeouts withHandshake(Duration d) {
        return new Timeouts(d, connect, idle, resolve);
    }

    public Timeouts withConnect(Duration d) {
        return new Timeouts(handshake, d, idle, resolve);
    }

    public Timeouts withIdle(Duration d) {
        return new Timeouts(handshake, connect, d, resolve);
    }

    public Timeouts withResolve(Duration d) {
        return new Timeouts(handshake, connect, idle, d);
    }
}
