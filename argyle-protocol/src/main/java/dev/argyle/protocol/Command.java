package dev.argyle.protocol;

/**
 * A SOCKS command code (RFC 1928 section 4 CMD; SOCKS4 CD). A value class rather than an enum, so that an
 * unknown code still decodes and can be refused with "command not supported" (0x07).
 *
 * @param code the command byte
 */
public record Command(int code) {
    public static final Command CONNECT = new Command(0x01);
    public static final Command BIND = new Command(0x02);
    public static final Command UDP_ASSOCIATE = new Command(0x03);

    public Command {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("command is one byte: " + code);
        }
    }

    public static Command of(int code) {
        return switch (code) {
            case 0x01 -> CONNECT;
            case 0x02 -> BIND;
            case 0x03 -> UDP_ASSOCIATE;
            default -> new Command(code);
        };
    }

    public boolean isKnown() {
        return code >= 0x01 && code <= 0x03;
    }

    /** Lower-case name as used in logs and rules: connect, bind, udp, or cmd-0xNN. */
    public String label() {
        return switch (code) {
            case 0x01 -> "connect";
            case 0x02 -> "bind";
            case 0x03 -> "udp";
            default -> String.format("cmd-0x%02x", code);
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
