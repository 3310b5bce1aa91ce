package dev.argyle.protocol.v5;

/**
 * A SOCKS5 authentication method code (RFC 1928 section 3). A value class, so unknown codes offered by a
 * client decode and are simply not chosen.
 *
 * @param code the METHOD byte
 */
public record AuthMethod(int code) {
    public static final AuthMethod NO_AUTH = new AuthMethod(0x00);
    public static final AuthMethod GSSAPI = new AuthMethod(0x01);
    public static final AuthMethod USERNAME_PASSWORD = new AuthMethod(0x02);
    /** X'FF' NO ACCEPTABLE METHODS: the server's answer when it accepts none of the offered ones. */
    public static final AuthMethod NO_ACCEPTABLE = new AuthMethod(0xFF);

    public AuthMethod {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("method is one byte: " + code);
        }
    }

    public static AuthMethod of(int code) {
        return switch (code) {
            case 0x00 -> NO_AUTH;
            case 0x01 -> GSSAPI;
            case 0x02 -> USERNAME_PASSWORD;
            case 0xFF -> NO_ACCEPTABLE;
            default -> new AuthMethod(code);
        };
    }

    @Override
    public String toString() {
        return switch (code) {
            case 0x00 -> "none";
            case 0x01 -> "gssapi";
            case 0x02 -> "password";
            case 0xFF -> "no-acceptable";
            default -> String.format("method-0x%02x", code);
        };
    }
}
