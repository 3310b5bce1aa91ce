package dev.argyle.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The checks every wire message goes through (STYLE.md: round-trip through both sides, feed one byte at a
 * time, pipelined messages, trailing bytes left alone). Shared by the per-message tests.
 */
public final class CodecChecks {
    private CodecChecks() {
    }

    /** Runs every contract check on {@code message} and returns its encoded bytes. */
    public static <T extends WireMessage> byte[] assertCodecContract(T message, Decoder<T> decoder) {
        byte[] bytes = assertEncodesExactly(message);
        assertRoundTrip(message, decoder, bytes);
        assertDecodesAtOffsetWithTrailingBytes(message, decoder, bytes, false);
        assertDecodesAtOffsetWithTrailingBytes(message, decoder, bytes, true);
        assertPipelined(message, decoder, bytes);
        assertEveryPrefixNeedsMore(decoder, bytes);
        assertByteAtATime(message, decoder, bytes);
        return bytes;
    }

    /** encodeTo writes exactly encodedLength() bytes, at the position, touching nothing else. */
    public static byte[] assertEncodesExactly(WireMessage message) {
        int len = message.encodedLength();
        byte[] canvas = new byte[len + 6];
        Arrays.fill(canvas, (byte) 0xA5);
        ByteBuffer out = ByteBuffer.wrap(canvas);
        out.position(3);
        message.encodeTo(out);
        assertThat(out.position()).as("bytes written by encodeTo").isEqualTo(3 + len);
        assertThat(Arrays.copyOfRange(canvas, 0, 3)).containsOnly((byte) 0xA5);
        assertThat(Arrays.copyOfRange(canvas, 3 + len, canvas.length)).containsOnly((byte) 0xA5);
        byte[] bytes = Arrays.copyOfRange(canvas, 3, 3 + len);
        assertThat(message.toBytes()).isEqualTo(bytes);
        return bytes;
    }

    public static <T> void assertRoundTrip(T message, Decoder<T> decoder, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(decoder.decode(in)).isEqualTo(new DecodeResult.Done<>(message));
        assertThat(in.position()).as("consumed").isEqualTo(bytes.length);
    }

    /** Message starts at a non-zero position (absolute reads must honour it) and is followed by garbage. */
    static <T> void assertDecodesAtOffsetWithTrailingBytes(T message, Decoder<T> decoder, byte[] bytes,
            boolean direct) {
        byte[] garbage = {0x05, 0x01, 0x00, (byte) 0xFF};
        ByteBuffer in = direct ? ByteBuffer.allocateDirect(bytes.length + 9) : ByteBuffer.allocate(bytes.length + 9);
        in.put(new byte[] {9, 9, 9, 9, 9}).put(bytes).put(garbage).flip();
        in.position(5);
        assertThat(decoder.decode(in)).isEqualTo(new DecodeResult.Done<>(message));
        assertThat(in.position()).isEqualTo(5 + bytes.length);
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        assertThat(rest).as("trailing bytes left unconsumed").isEqualTo(garbage);
    }

    /** Two messages in one read decode one after the other. */
    static <T> void assertPipelined(T message, Decoder<T> decoder, byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(bytes.length * 2).put(bytes).put(bytes).flip();
        assertThat(decoder.decode(in)).isEqualTo(new DecodeResult.Done<>(message));
        assertThat(in.position()).isEqualTo(bytes.length);
        assertThat(decoder.decode(in)).isEqualTo(new DecodeResult.Done<>(message));
        assertThat(in.hasRemaining()).isFalse();
    }

    /** Every strict prefix is "need more" and consumes nothing. */
    public static void assertEveryPrefixNeedsMore(Decoder<?> decoder, byte[] bytes) {
        for (int k = 0; k < bytes.length; k++) {
            ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(bytes, k));
            assertThat(decoder.decode(in)).as("prefix of %d of %d bytes", k, bytes.length)
                    .isInstanceOf(DecodeResult.NeedMore.class);
            assertThat(in.position()).isZero();
        }
    }

    /** The way a server reads: one buffer that grows by one byte per read, flip, decode, compact. */
    static <T> void assertByteAtATime(T message, Decoder<T> decoder, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.allocate(bytes.length + 1);
        for (int i = 0; i < bytes.length; i++) {
            buf.put(bytes[i]).flip();
            DecodeResult<T> result = decoder.decode(buf);
            if (i < bytes.length - 1) {
                assertThat(result).as("after %d of %d bytes", i + 1, bytes.length)
                        .isInstanceOf(DecodeResult.NeedMore.class);
                assertThat(buf.position()).isZero();
                buf.compact();
            } else {
                assertThat(result).isEqualTo(new DecodeResult.Done<>(message));
                assertThat(buf.hasRemaining()).isFalse();
            }
        }
    }

    /** Decodes a whole message from {@code bytes}, failing unless it consumes all of them. */
    public static <T> T decodeAll(Decoder<T> decoder, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        DecodeResult<T> result = decoder.decode(in);
        assertThat(result).isInstanceOf(DecodeResult.Done.class);
        assertThat(in.hasRemaining()).as("bytes left after the message").isFalse();
        return ((DecodeResult.Done<T>) result).message();
    }

    /** Asserts {@code bytes} are malformed, that nothing was consumed, and returns the verdict. */
    public static DecodeResult.Malformed<?> assertMalformed(Decoder<?> decoder, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        DecodeResult<?> result = decoder.decode(in);
        assertThat(result).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(in.position()).as("position after Malformed").isZero();
        DecodeResult.Malformed<?> malformed = (DecodeResult.Malformed<?>) result;
        assertThat(malformed.reason()).isNotBlank();
        return malformed;
    }

    public static void assertNeedMore(Decoder<?> decoder, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(decoder.decode(in)).isInstanceOf(DecodeResult.NeedMore.class);
        assertThat(in.position()).isZero();
    }

    public static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    public static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        ByteBuffer out = ByteBuffer.allocate(len);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    public static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
