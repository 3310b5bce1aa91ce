package dev.argyle.cli.run;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Builds the placeholder resolver's responses (RFC 1035 section 4.1), echoing the query's question. */
final class DnsAnswer {
    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int SERVFAIL = 2;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;
    /** Placeholders live as long as the run; a short TTL keeps caches from outliving it by much. */
    private static final int TTL_SECONDS = 60;

    private DnsAnswer() {
    }

    /** One A record for the question (or none when {@code address} is null), with {@code rcode}. */
    static byte[] of(byte[] query, DnsQuery q, InetAddress address, int rcode) {
        int questionLength = q.questionEnd() - DnsQuery.HEADER;
        int answerLength = address == null ? 0 : 2 + 2 + 2 + 4 + 2 + address.getAddress().length;
        ByteBuffer b = ByteBuffer.allocate(DnsQuery.HEADER + questionLength + answerLength);
        b.putShort((short) q.id());
        // QR=1, the query's opcode, RD copied, RA=1 (we answer every name ourselves).
        int flags = 0x8000 | (q.opcode() << 11) | (q.recursionDesired() ? 0x0100 : 0) | 0x0080 | rcode;
        b.putShort((short) flags);
        b.putShort((short) 1);
        b.putShort((short) (address == null ? 0 : 1));
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.put(query, DnsQuery.HEADER, questionLength);
        if (address != null) {
            b.putShort((short) 0xC00C); // pointer to the question's name
            b.putShort((short) q.type());
            b.putShort((short) DnsQuery.CLASS_IN);
            b.putInt(TTL_SECONDS);
            byte[] raw = address.getAddress();
            b.putShort((short) raw.length);
            b.put(raw);
        }
        return b.array();
    }

    /** A bare error response for a message whose question could not be read: header only. */
    static byte[] error(int id, int rcode) {
        ByteBuffer b = ByteBuffer.allocate(DnsQuery.HEADER);
        b.putShort((short) id);
        b.putShort((short) (0x8000 | 0x0080 | rcode));
        return b.array();
    }
}
