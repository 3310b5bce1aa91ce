package dev.argyle.server.config;

/**
 * Session limits; 0 in any field means "no limit". A session is one client connection, counted from accept to
 * close, whatever it does in between.
 *
 * @param maxSessions                   sessions open at once, in total
 * @param maxSessionsPerClient          sessions open at once from one client address
 * @param maxSessionsPerUser            sessions open at once per authenticated (password) user
 * @param newSessionsPerSecondPerClient new sessions per second from one client address (a bucket of as many
 *                                      tokens, refilled at this rate, so a burst of this size is allowed)
 * @param bandwidth                     bytes per second per session and per user, each direction; a session over
 *                                      it is slowed, never refused
 * @param udpDatagramsPerSecond         datagrams per second per UDP association, each direction on its own; the
 *                                      excess is dropped (a bucket of as many tokens, as above)
 */
public record LimitsConfig(int maxSessions, int maxSessionsPerClient, int maxSessionsPerUser,
                           int newSessionsPerSecondPerClient, BandwidthConfig bandwidth, int udpDatagramsPerSecond) {
    /** The most any limit may be set to. */
    public static final int MAX = 10_000_000;
    /**
     * The default total: each session holds up to two sockets and two relay buffers, so a flood of clients is
     * refused at this point instead of running the process out of file descriptors or memory.
     */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    public LimitsConfig {
        check("maxSessions", maxSessions);
        check("maxSessionsPerClient", maxSessionsPerClient);
        check("maxSessionsPerUser", maxSessionsPerUser);
        check("newSessionsPerSecondPerClient", newSessionsPerSecondPerClient);
        java.util.Objects.requireNonNull(bandwidth, "bandwidth");
        check("udpDatagramsPerSecond", udpDatagramsPerSecond);
    }

    /** Session limits only: no bandwidth or datagram rate limit. */
    public LimitsConfig(int maxSessions, int maxSessionsPerClient, int maxSessionsPerUser, int newSessionsPerSecondPerClient) {
        this(maxSessions, maxSessionsPerClient, maxSessionsPerUser, newSessionsPerSecondPerClient, BandwidthConfig.none(), 0);
    }

    public LimitsConfig withBandwidth(BandwidthConfig b) {
        return new LimitsConfig(maxSessions, maxSessionsPerClient, maxSessionsPerUser, newSessionsPerSecondPerClient, b, udpDatagramsPerSecond);
    }

    public LimitsConfig withUdpDatagramsPerSecond(int n) {
        return new LimitsConfig(maxSessions, maxSessionsPerClient, maxSessionsPerUser, newSessionsPerSecondPerClient, bandwidth, n);
    }

    /** {@value #DEFAULT_MAX_SESSIONS} sessions in total; no per-client, per-user or rate limit. */
    public static LimitsConfig defaults() {
        return new LimitsConfig(DEFAULT_MAX_SESSIONS, 0, 0, 0);
    }

    /** No limit at all. */
    public static LimitsConfig none() {
        return new LimitsConfig(0, 0, 0, 0);
    }

    /** Parses a limit for the loader: a whole number from 0 (no limit) to {@value #MAX}. */
    static int parse(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0 || n > MAX) {
                throw new IllegalArgumentException(n + " is outside 0-" + MAX);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static void check(String name, int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(name + " must be 0-" + MAX + ", was " + value);
        }
    }
}
