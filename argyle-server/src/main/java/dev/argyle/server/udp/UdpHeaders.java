package dev.argyle.server.udp;

import io.netty.buffer.ByteBuf;

/**
 * Reads the RFC 1928 section 7 header in place on a Netty buffer, without allocating: the hot path needs
 * only the header's length, FRAG, and the ATYP..DST.PORT bytes (which key the destination cache). It
 * accepts exactly what {@link dev.argyle.protocol.v5.Socks5UdpHeader#DECODER} accepts (a test holds both to
 * that), which the slower paths use to build addresses.
 *
 * <pre>
 * +-----+------+------+----------+----------+----------+
 * | RSV | FRAG | ATYP | DST.ADDR | DST.PORT |   DATA   |
 * +-----+------+------+----------+----------+----------+
 * |  2  |  1   |  1   | Variable |    2     | Variable |
 * +-----+------+------+----------+----------+----------+
 * </pre>
 *
 * RSV is not checked (liberal in what we accept, as Dante).
 */
final class UdpHeaders {
    /** Offset of ATYP, where the destination key starts. */
    static final int ADDRESS_OFFSET = 3;
    /** Fewer bytes than the header needs (including a domain length pointing past the end). */
    static final int TRUNCATED = -1;
    /** ATYP is not 1, 3 or 4. */
    static final int BAD_ADDRESS_TYPE = -2;
    /** A domain name of length 0. */
    static final int EMPTY_NAME = -3;

    private UdpHeaders() {
    }

    /**
     * The header's length in bytes (RSV through DST.PORT) at {@code buf}'s reader index, or one of the
     * negative reasons above. Does not move the indexes.
     */
    static int length(ByteBuf buf) {
        int at = buf.readerIndex();
        int readable = buf.readableBytes();
        if (readable < ADDRESS_OFFSET + 1) {
            return TRUNCATED;
        }
        int length;
        switch (buf.getUnsignedByte(at + ADDRESS_OFFSET)) {
            case 0x01 -> length = ADDRESS_OFFSET + 1 + 4 + 2;
            case 0x04 -> length = ADDRESS_OFFSET + 1 + 16 + 2;
            case 0x03 -> {
                if (readable < ADDRESS_OFFSET + 2) {
                    return TRUNCATED;
                }
                int nameLength = buf.getUnsignedByte(at + ADDRESS_OFFSET + 1);
                if (nameLength == 0) {
                    return EMPTY_NAME;
                }
                length = ADDRESS_OFFSET + 2 + nameLength + 2;
            }
            default -> {
                return BAD_ADDRESS_TYPE;
            }
        }
        return readable < length ? TRUNCATED : length;
    }

    /** FRAG of a header already checked by {@link #length}. */
    static int fragment(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + 2);
    }
}
