package dev.argyle.server.config;

import java.util.Locale;

/** How a listener authenticates its clients. Spelled {@code none}, {@code password} and {@code gssapi} in YAML and on the command line. */
public enum AuthMode {
    /** No authentication: SOCKS4/4a and SOCKS5 method 0x00. Safe only on loopback, or behind {@code allow-open}. */
    NONE,
    /** SOCKS5 username/password (RFC 1929) checked against the users file; SOCKS4 clients are refused. */
    PASSWORD,
    /** SOCKS5 GSS-API (RFC 1961), Kerberos tickets checked against the {@code gssapi:} keytab; SOCKS4 clients are refused. */
    GSSAPI;

    /** The spelling used in files and flags: {@code none}, {@code password} or {@code gssapi}. */
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
        throw new IllegalArgumentException("expected none, password or gssapi, got '" + text + "'");
    }
}
