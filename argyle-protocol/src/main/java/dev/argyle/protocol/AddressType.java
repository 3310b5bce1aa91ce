package dev.argyle.protocol;

/** SOCKS5 ATYP values (RFC 1928 section 4); SOCKS4 uses IPv4 and SOCKS4a's domain form. */
public enum AddressType {
    IPV4(0x01),
    DOMAIN(0x03),
    IPV6(0x04);

    private final int code;

    AddressType(int code) {
        this.code = code;
    }

    /** The ATYP byte. */
    public int code() {
        return code;
    }

    /** The type for an ATYP byte, or {@code null} when the byte names no known type. */
    public static AddressType fromCode(int code) {
        for (AddressType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
