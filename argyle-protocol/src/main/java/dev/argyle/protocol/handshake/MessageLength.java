package dev.argyle.protocol.handshake;

import java.nio.ByteBuffer;

/**
 * How many more bytes the reply being received still lacks, computed from what has arrived, so that a
 * blocking reader can read exactly to the end of the reply and never into the application's data.
 */
final class MessageLength {
    private MessageLength() {
    }

    /** A fixed-size message of {@code size} bytes. */
    static int fixed(int size, ByteBuffer in) {
        return Math.max(1, size - in.remaining());
    }

    /**
     * A SOCKS5 reply (RFC 1928 section 6): VER REP RSV ATYP, then 4 (IPv4), 16 (IPv6) or 1 + n (name) address
     * bytes and 2 port bytes. Until the length is known, asks for the bytes that reveal it.
     */
    static int socks5Reply(ByteBuffer in) {
        int have = in.remaining();
        if (have < 5) {
            return 5 - have;
        }
        int start = in.position();
        int total = switch (in.get(start + 3) & 0xFF) {
            case 0x01 -> 4 + 4 + 2;
            case 0x04 -> 4 + 16 + 2;
            case 0x03 -> 4 + 1 + (in.get(start + 4) & 0xFF) + 2;
            default -> have + 1; // the decoder reports an unknown ATYP as malformed before this is used
        };
        return Math.max(1, total - have);
    }
}
