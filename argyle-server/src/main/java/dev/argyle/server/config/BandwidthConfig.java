package dev.argyle.server.config;

import java.util.Map;

/**
 * Bandwidth limits in bytes per second; 0 in any field means "no limit". Up is client → destination, down is
 * destination → client. A session limit applies to each session on its own; a user limit is shared by all
 * open sessions of one password user (SOCKS4 user IDs are unverified and not counted).
 *
 * @param sessionUp   per session, upload
 * @param sessionDown per session, download
 * @param userUp      per user, upload, shared by the user's sessions
 * @param userDown    per user, download, shared by the user's sessions
 * @param users       per-user rates by user name, in place of {@code userUp}/{@code userDown} for that user
 */
public record BandwidthConfig(long sessionUp, long sessionDown, long userUp, long userDown, Map<String, Rates> users) {
    public BandwidthConfig {
        check("sessionUp", sessionUp);
        check("sessionDown", sessionDown);
        check("userUp", userUp);
        check("userDown", userDown);
        users = Map.copyOf(users);
    }

    /** Without per-user overrides. */
    public BandwidthConfig(long sessionUp, long sessionDown, long userUp, long userDown) {
        this(sessionUp, sessionDown, userUp, userDown, Map.of());
    }

    /** No bandwidth limit. */
    public static BandwidthConfig none() {
        return new BandwidthConfig(0, 0, 0, 0);
    }

    /** True when some limit is set; with none, sessions take the relay's unshaped path. */
    public boolean any() {
        if (sessionUp > 0 || sessionDown > 0 || userUp > 0 || userDown > 0) {
            return true;
        }
        for (Rates r : users.values()) {
            if (r.up() > 0 || r.down() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The shared per-user rates for {@code user}: its own entry in {@link #users}, else the general ones. */
    public Rates userRates(String user) {
        Rates own = users.get(user);
        return own != null ? own : new Rates(userUp, userDown);
    }

    /** An up and a down rate in bytes per second; 0 = no limit. */
    public record Rates(long up, long down) {
        public Rates {
            check("up", up);
            check("down", down);
        }
    }

    private static void check(String name, long value) {
        if (value != 0 && (value < ByteRate.MIN || value > ByteRate.MAX)) {
            throw new IllegalArgumentException(name + " must be 0 or " + ByteRate.MIN + "-" + ByteRate.MAX + " bytes/s, was " + value);
        }
    }
}
