package dev.argyle.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random bytes into every decoder (fixed seed, so a failure reproduces). Properties:
 * <ul>
 *   <li>a decoder never throws;</li>
 *   <li>NeedMore and Malformed leave the position where it was;</li>
 *   <li>NeedMore only while fewer bytes than the largest message are available (bounded buffering);</li>
 *   <li>Done consumes exactly {@code encodedLength()} bytes, and re-encoding the message gives back those
 *       bytes, except where decoding normalises: RSV of a SOCKS5 request or reply and of a UDP header is
 *       written as zero, and a SOCKS4a DSTIP 0.0.0.x is written as 0.0.0.1;</li>
 *   <li>every strict prefix of a decoded message is NeedMore (a split read never changes the verdict).</li>
 * </ul>
 * Random bytes rarely start with the right version byte, so most inputs get a plausible header patched in.
 */
class DecoderPropertyTest {
    private static final int RUNS = 20_000;
    private static final int MAX_LEN = 300;

    /** A decoder under test, how to make its random inputs plausible, and how decoding normalises. */
    record Subject(String name, Decoder<? extends WireMessage> decoder, int maxMessageBytes,
            Patcher patcher, UnaryOperator<byte[]> normalise) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Patcher {
        void patch(byte[] b, Random rnd);
    }

    static Stream<Subject> subjects() {
        return Stream.of(
                new Subject("Socks5Greeting", Socks5Greeting.DECODER, 2 + 255,
                        (b, r) -> {
                            set(b, 0, 5);
                            set(b, 1, r.nextInt(8));
                        }, UnaryOperator.identity()),
                new Subject("Socks5MethodChoice", Socks5MethodChoice.DECODER, 2,
                        (b, r) -> set(b, 0, 5), UnaryOperator.identity()),
                new Subject("Socks5Request", Socks5Request.DECODER, 3 + 1 + 1 + 255 + 2,
                        (b, r) -> {
                            set(b, 0, 5);
                            patchAddress(b, 3, r);
                        }, b -> zero(b, 2)),
                new Subject("Socks5Reply", Socks5Reply.DECODER, 3 + 1 + 1 + 255 + 2,
                        (b, r) -> {
                            set(b, 0, 5);
                            patchAddress(b, 3, r);
                        }, b -> zero(b, 2)),
                new Subject("Socks5UdpHeader", Socks5UdpHeader.DECODER, 3 + 1 + 1 + 255 + 2,
                        (b, r) -> patchAddress(b, 3, r), b -> zero(b, 0, 1)),
                new Subject("Socks4Request", Socks4Request.DECODER, 8 + 256 + 256,
                        DecoderPropertyTest::patchSocks4, DecoderPropertyTest::normaliseSocks4a),
                new Subject("Socks4Reply", Socks4Reply.DECODER, 8,
                        (b, r) -> set(b, 0, 0), UnaryOperator.identity()),
                new Subject("PasswordAuthRequest", PasswordAuthRequest.DECODER, 3 + 255 + 255,
                        (b, r) -> {
                            set(b, 0, 1);
                            int ulen = r.nextInt(20);
                            set(b, 1, ulen);
                            set(b, 2 + ulen, r.nextInt(20));
                        }, UnaryOperator.identity()),
                new Subject("PasswordAuthReply", PasswordAuthReply.DECODER, 2,
                        (b, r) -> set(b, 0, 1), UnaryOperator.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void randomInputNeverBreaksTheDecoderContract(Subject s) {
        Random rnd = new Random(20_240_601L ^ s.name().hashCode());
        int done = 0;
        for (int run = 0; run < RUNS; run++) {
            byte[] input = new byte[rnd.nextInt(MAX_LEN + 1)];
            rnd.nextBytes(input);
            if (rnd.nextInt(4) != 0) {
                s.patcher().patch(input, rnd);
            }
            try {
                if (check(s, input, rnd.nextInt(4))) {
                    done++;
                }
            } catch (AssertionError | RuntimeException e) {
                fail("%s, run %d, input %s", s.name(), run, HexFormat.of().formatHex(input), e);
            }
        }
        // The patched headers must make Done a common outcome, or the re-encode property tests nothing.
        assertThat(done).as("inputs that decoded").isGreaterThan(RUNS / 20);
    }

    /** Returns whether the input decoded to a message. */
    private static boolean check(Subject s, byte[] input, int offset) {
        ByteBuffer in = ByteBuffer.allocate(offset + input.length);
        in.position(offset);
        in.put(input).position(offset);
        DecodeResult<? extends WireMessage> result = s.decoder().decode(in);
        if (result instanceof DecodeResult.NeedMore) {
            assertThat(in.position()).as("position after NeedMore").isEqualTo(offset);
            assertThat(input.length).as("bytes buffered while asking for more").isLessThan(s.maxMessageBytes());
            return false;
        }
        if (result instanceof DecodeResult.Malformed<?> m) {
            assertThat(in.position()).as("position after Malformed").isEqualTo(offset);
            assertThat(m.reply()).isNotNull();
            assertThat(m.reason()).isNotBlank();
            return false;
        }
        WireMessage message = ((DecodeResult.Done<? extends WireMessage>) result).message();
        int consumed = in.position() - offset;
        assertThat(consumed).isBetween(1, s.maxMessageBytes());
        assertThat(message.encodedLength()).as("encodedLength of %s", message).isEqualTo(consumed);
        byte[] taken = Arrays.copyOf(input, consumed);
        byte[] reencoded = CodecChecks.assertEncodesExactly(message);
        assertThat(reencoded).as("re-encoded %s", message).isEqualTo(s.normalise().apply(taken));
        // Decoding the re-encoded bytes gives the same message, and every split of them needs more.
        assertThat(CodecChecks.decodeAll(s.decoder(), reencoded)).isEqualTo(message);
        CodecChecks.assertEveryPrefixNeedsMore(s.decoder(), taken);
        return true;
    }

    private static void patchAddress(byte[] b, int at, Random rnd) {
        int[] types = {1, 3, 4, 1, 3, 4, rnd.nextInt(256)};
        int atyp = types[rnd.nextInt(types.length)];
        set(b, at, atyp);
        if (atyp == 3) {
            set(b, at + 1, rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 30 : 255));
        }
    }

    private static void patchSocks4(byte[] b, Random rnd) {
        set(b, 0, 4);
        if (rnd.nextBoolean()) {
            set(b, 4, 0);
            set(b, 5, 0);
            set(b, 6, 0);
            if (rnd.nextInt(8) == 0) {
                set(b, 7, 0);
            }
        }
        // NULs to end USERID and HOST within reach (random bytes hold a NUL only once in 256).
        int user = 8 + rnd.nextInt(rnd.nextInt(8) == 0 ? 270 : 20);
        set(b, user, 0);
        set(b, user + 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 270 : 20), 0);
    }

    private static byte[] normaliseSocks4a(byte[] b) {
        byte[] out = b.clone();
        if (out[4] == 0 && out[5] == 0 && out[6] == 0 && out[7] != 0) {
            out[7] = 1;
        }
        return out;
    }

    private static byte[] zero(byte[] b, int... indexes) {
        byte[] out = b.clone();
        for (int i : indexes) {
            out[i] = 0;
        }
        return out;
    }

    private static void set(byte[] b, int index, int value) {
        if (index < b.length) {
            b[index] = (byte) value;
        }
    }
}
