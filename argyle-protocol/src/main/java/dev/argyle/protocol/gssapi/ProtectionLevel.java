package dev.argyle.protocol.gssapi;

import java.util.Locale;

/**
 * The per-message protection the two sides agree on (RFC 1961 section 4.1), the one octet of the MTYP 2
 * sub-negotiation. {@link #CLEAR} is not in the RFC: Dante's "clear" level, where the data after the
 * sub-negotiation flows unprotected; a server offers it only when configured to.
 */
public enum ProtectionLevel {
    /** Non-standard: no per-message protection (Dante's "clear"). */
    CLEAR(0x00),
    /** X'01': required per-message integrity. */
    INTEGRITY(0x01),
    /** X'02': required per-message integrity and confidentiality. */
    CONFIDENTIALITY(0x02),
    /**
     * X'03': selective integrity or confidentiality, per message, by local configuration. This implementation
     * sends every message with confidentiality and accepts either on receipt.
     */
    SELECTIVE(0x03);

    private final int code;

    ProtectionLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether messages at this level are encapsulated as MTYP 3 messages at all. */
    public boolean wraps() {
        return this != CLEAR;
    }

    /** Whether outgoing messages ask {@code wrap} for confidentiality (encryption). */
    public boolean confidential() {
        return this == CONFIDENTIALITY || this == SELECTIVE;
    }

    /** The level for an octet, or null when the octet names none. */
    public static ProtectionLevel ofCode(int code) {
        for (ProtectionLevel l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        return null;
    }

    /** The spelling in config files and URIs: clear, integrity, confidentiality, selective. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@link #configName()} (or the number 0-3), ignoring case. */
    public static ProtectionLevel parse(String text) {
        String t = text.strip();
        for (ProtectionLevel l : values()) {
            if (l.configName().equalsIgnoreCase(t) || Integer.toString(l.code).equals(t)) {
                return l;
            }
        }
        throw new IllegalArgumentException(
                "expected integrity, confidentiality, selective or clear, got '" + text + "'");
    }
}
