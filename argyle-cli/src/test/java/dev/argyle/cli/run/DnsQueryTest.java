package dev.argyle.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DnsQueryTest {
    /** A query as dig sends it: RD set, one question, an EDNS OPT record in the additional section. */
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(12).putShort((short) id).putShort((short) 0x0100).putShort((short) 1)
                .putShort((short) 0).putShort((short) 0).putShort((short) 1);
        out.writeBytes(h.array());
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) type).putShort((short) 1).array());
        out.writeBytes(new byte[] {0, 0, 41, 4, (byte) 0xD0, 0, 0, 0, 0, 0, 0}); // OPT, ignored
        return out.toByteArray();
    }

    @Test
    void readsTheQuestion() throws Exception {
        byte[] q = query(0x1234, "Web.Argyle.TEST", DnsQuery.TYPE_A);
        DnsQuery parsed = DnsQuery.parse(q, q.length);
        assertThat(parsed.id()).isEqualTo(0x1234);
        assertThat(parsed.name()).isEqualTo("web.argyle.test");
        assertThat(parsed.type()).isEqualTo(DnsQuery.TYPE_A);
        assertThat(parsed.recursionDesired()).isTrue();
        assertThat(parsed.questionEnd()).isEqualTo(12 + 17 + 4);
    }

    @Test
    void answersAWithAPlaceholderAndAaaaWithNothing() throws Exception {
        Placeholders p = new Placeholders();
        byte[] q = query(7, "example.org", DnsQuery.TYPE_A);
        byte[] a = PlaceholderResolver.answer(q, q.length, p);
        ByteBuffer b = ByteBuffer.wrap(a);
        assertThat(b.getShort()).isEqualTo((short) 7);
        assertThat(b.getShort() & 0xFFFF).isEqualTo(0x8180); // QR, RD, RA, NOERROR
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getShort()).isEqualTo((short) 1);
        byte[] rdata = Arrays.copyOfRange(a, a.length - 4, a.length);
        InetAddress placeholder = InetAddress.getByAddress(rdata);
        assertThat(p.nameFor(placeholder)).contains("example.org");
        assertThat(Placeholders.inRange(placeholder)).isTrue();

        byte[] q6 = query(8, "example.org", DnsQuery.TYPE_AAAA);
        ByteBuffer b6 = ByteBuffer.wrap(PlaceholderResolver.answer(q6, q6.length, p));
        assertThat(b6.getShort(2) & 0x000F).isZero();
        assertThat(b6.getShort(6)).isZero(); // no answers
    }

    @Test
    void malformedMessagesGetFormerrOrNothing() {
        assertThat(PlaceholderResolver.answer(new byte[5], 5, new Placeholders())).isNull();
        byte[] twoQuestions = query(9, "a.b", 1);
        twoQuestions[5] = 2;
        byte[] formerr = PlaceholderResolver.answer(twoQuestions, twoQuestions.length, new Placeholders());
        assertThat(formerr).hasSize(12);
        assertThat(formerr[3] & 0x0F).isEqualTo(DnsAnswer.FORMERR);
        byte[] pointer = query(10, "a.b", 1);
        pointer[12] = (byte) 0xC0;
        assertThatThrownBy(() -> DnsQuery.parse(pointer, pointer.length)).isInstanceOf(DnsQuery.Malformed.class);
    }

    @Test
    void everyTruncationAndRandomBytesParseOrFailCleanly() {
        byte[] q = query(11, "web.argyle.test", 1);
        for (int len = 0; len <= q.length; len++) {
            byte[] cut = Arrays.copyOf(q, len);
            PlaceholderResolver.answer(cut, len, new Placeholders()); // must not throw
        }
        Random random = new Random(42);
        Placeholders p = new Placeholders(16);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            if (junk.length > 5 && random.nextBoolean()) {
                junk[2] = 0;
                junk[4] = 0;
                junk[5] = 1; // a plausible header, so the name parser is exercised
            }
            byte[] reply = PlaceholderResolver.answer(junk, junk.length, p);
            if (reply != null) {
                assertThat(reply.length).isGreaterThanOrEqualTo(12);
                assertThat(reply[2] & 0x80).isEqualTo(0x80);
            }
        }
    }

    @Test
    void placeholdersAreStableAndRunOut() {
        Placeholders p = new Placeholders(2);
        InetAddress a = p.addressFor("a").orElseThrow();
        assertThat(p.addressFor("a")).contains((java.net.Inet4Address) a);
        assertThat(a.getHostAddress()).isEqualTo("198.18.0.1");
        assertThat(p.addressFor("b")).isPresent();
        assertThat(p.addressFor("c")).isEmpty();
        byte[] q = query(12, "c", 1);
        assertThat(PlaceholderResolver.answer(q, q.length, p)[3] & 0x0F).isEqualTo(DnsAnswer.SERVFAIL);
    }
}
