package dev.argyle.server.config;

import java.util.Locale;

/** How a listener authenticates its clients. Spelled {@code none} and {@code password} in YAML and on the command line. */
public enum AuthMode {
    /** No authentication: SOCKS4/4a and SOCKS5 method 0x00. Safe only on loopback, or behind {@code allow-open}. */
    NONE,
    /** SOCKS5 username/password (RFC 1929) checked against the users file; SOCKS4 clients are refused. */
    PASSWORD;

    /** The spelling used in files and flags: {@code none} or {@code password}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the file/flag spelling, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static AuthMode parse(String text) {
        for (AuthMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(text.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected none or password, got '" + text + "'");
    }
}
