package dev.argyle.server.config;

import java.util.Locale;

/**
 * What a listener does with the ident protocol (RFC 1413) for SOCKS4 requests. Spelled {@code off}, {@code log}
 * and {@code verify} in YAML and on the command line. SOCKS5 sessions are never affected.
 */
public enum IdentMode {
    /** No ident query. */
    OFF,
    /** Ask the client host's identd and record the answer in the session; never refuse because of it. */
    LOG,
    /**
     * Ask the client host's identd and grant the request only if it names the request's USERID: otherwise reply
     * 0x5C (identd not reachable or no usable answer) or 0x5D (identd names another user).
     */
    VERIFY;

    /** The spelling used in files and flags. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the file/flag spelling, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static IdentMode parse(String text) {
        for (IdentMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(text.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected off, log or verify, got '" + text + "'");
    }
}
