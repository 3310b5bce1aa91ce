package dev.argyle.server.config;

/**
 * Bandwidth limits in bytes per second; 0 in any field means "no limit". Up is client → destination, down is
 * destination → client. A session limit applies to each session on its own; a user limit is shared by all
 * open sessions of one password user (SOCKS4 user IDs are unverified and not counted).
 *
 * @param sessionUp   per session, upload
 * @param sessionDown per session, download
 * @param userUp      per user, upload, shared by the user's sessions
 * @param userDown    per user, download, shared by the user's sessions
 */
public record BandwidthConfig(long sessionUp, long sessionDown, long userUp, long userDown) {
    public BandwidthConfig {
        check("sessionUp", sessionUp);
        check("sessionDown", sessionDown);
        check("userUp", userUp);
        check("userDown", userDown);
    }

    /** No bandwidth limit. */
    public static BandwidthConfig none() {
        return new BandwidthConfig(0, 0, 0, 0);
    }

    /** True when some limit is set; with none, sessions take the relay's unshaped path. */
    public boolean any() {
        return sessionUp > 0 || sessionDown > 0 || userUp > 0 || userDown > 0;
    }

    private static void check(String name, long value) {
        if (value != 0 && (value < ByteRate.MIN || value > ByteRate.MAX)) {
            throw new IllegalArgumentException(name + " must be 0 or " + ByteRate.MIN + "-" + ByteRate.MAX + " bytes/s, was " + value);
        }
    }
}
