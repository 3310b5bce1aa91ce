package dev.argyle.protocol.v4;

/**
 * SOCKS4 reply codes (CD in the reply).
 *
 * @param code the CD byte
 */
public record Socks4Status(int code) {
    public static final Socks4Status GRANTED = new Socks4Status(0x5A);
    public static final Socks4Status REJECTED = new Socks4Status(0x5B);
    /** The server could not reach the client's identd (RFC 1413). */
    public static final Socks4Status IDENT_UNREACHABLE = new Socks4Status(0x5C);
    /** identd answered with a different user than USERID. */
    public static final Socks4Status IDENT_MISMATCH = new Socks4Status(0x5D);

    public Socks4Status {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("status is one byte: " + code);
        }
    }

    public static Socks4Status of(int code) {
        return switch (code) {
            case 0x5A -> GRANTED;
            case 0x5B -> REJECTED;
            case 0x5C -> IDENT_UNREACHABLE;
            case 0x5D -> IDENT_MISMATCH;
            default -> new Socks4Status(code);
        };
    }

    public boolean isGranted() {
        return code == 0x5A;
    }

    @Override
    public String toString() {
        return switch (code) {
            case 0x5A -> "0x5a (granted)";
            case 0x5B -> "0x5b (rejected or failed)";
            case 0x5C -> "0x5c (identd unreachable)";
            case 0x5D -> "0x5d (user id does not match identd)";
            default -> String.format("0x%02x (unassigned)", code);
        };
    }
}
