package dev.argyle.cli.run;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A DNS query as the placeholder resolver needs it (RFC 1035 section 4.1): the header's id, opcode and RD bit, and
 * the single question. Parsing never trusts a length: every read is bounds-checked, names are limited to 255
 * bytes and 63-byte labels, and compression pointers (meaningless in a query's only question) are refused, so
 * any byte string either parses or yields {@link Malformed}.
 *
 * <pre>
 * header:   ID(16) | QR(1) OPCODE(4) AA TC RD | RA Z(3) RCODE(4) | QDCOUNT | ANCOUNT | NSCOUNT | ARCOUNT
 * question: QNAME (length-prefixed labels, 0-terminated) | QTYPE(16) | QCLASS(16)
 * </pre>
 */
record DnsQuery(int id, int opcode, boolean recursionDesired, String name, int type, int qclass, int questionEnd) {
    static final int HEADER = 12;
    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;

    /** Why a message could not be read; {@link #id} is -1 when even the header was short. */
    static final class Malformed extends Exception {
        final int id;

        Malformed(int id, String why) {
            super(why, null, false, false);
            this.id = id;
        }
    }

    static DnsQuery parse(byte[] data, int length) throws Malformed {
        if (length < HEADER || length > data.length) {
            throw new Malformed(-1, "shorter than a DNS header");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        int id = b.getShort() & 0xFFFF;
        int flags = b.getShort() & 0xFFFF;
        int qdcount = b.getShort() & 0xFFFF;
        if ((flags & 0x8000) != 0) {
            throw new Malformed(id, "a response, not a query");
        }
        if (qdcount != 1) {
            throw new Malformed(id, "QDCOUNT " + qdcount + " (only one question is supported)");
        }
        b.position(HEADER);
        StringBuilder name = new StringBuilder();
        int nameBytes = 0;
        while (true) {
            if (!b.hasRemaining()) {
                throw new Malformed(id, "name runs past the end");
            }
            int len = b.get() & 0xFF;
            nameBytes += 1 + len;
            if (len == 0) {
                break;
            }
            if ((len & 0xC0) != 0) {
                throw new Malformed(id, "compressed or extended label in the question");
            }
            if (nameBytes > 255 || b.remaining() < len) {
                throw new Malformed(id, "name too long or truncated");
            }
            byte[] label = new byte[len];
            b.get(label);
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(label, StandardCharsets.ISO_8859_1));
        }
        if (b.remaining() < 4) {
            throw new Malformed(id, "question truncated");
        }
        int type = b.getShort() & 0xFFFF;
        int qclass = b.getShort() & 0xFFFF;
        return new DnsQuery(id, (flags >>> 11) & 0xF, (flags & 0x0100) != 0, name.toString().toLowerCase(Locale.ROOT),
                type, qclass, b.position());
    }
}
