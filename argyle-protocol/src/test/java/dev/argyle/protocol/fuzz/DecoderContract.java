package dev.argyle.protocol.fuzz;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What every decoder promises for any input, checked on one input (the fuzz targets call this; it throws
 * {@link AssertionError} on a violation):
 * <ul>
 *   <li>a decode result and never an exception; no read outside position..limit, no write, the position moved
 *       only on Done (see {@link DecoderProbe});</li>
 *   <li>NeedMore only while fewer bytes than the largest message are there;</li>
 *   <li>on Done, {@code encode(decode(x))} equals the consumed bytes of x up to the documented normalisation
 *       (RSV written as zero, SOCKS4a 0.0.0.x written as 0.0.0.1), the re-encoded bytes decode to the same
 *       message, and strict prefixes of the message need more;</li>
 *   <li>heap allocation bounded by the bytes present: {@link #FIXED_ALLOCATION} plus a few bytes per input
 *       byte, so nothing is sized from a length field before its bytes are there.</li>
 * </ul>
 */
final class DecoderContract {
    /**
     * What a decode may allocate besides what scales with the input: a cursor, a result, and for a message the
     * address objects, its text form and a charset encoder that checks a name.
     */
    static final int FIXED_ALLOCATION = 2048;
    /** Per input byte on NeedMore or Malformed (SOCKS4's user id is copied twice before its host is complete). */
    static final int PER_BYTE_UNDECODED = 4;
    /** Per consumed byte on Done (a greeting of 255 unknown methods holds 255 method objects and two arrays). */
    static final int PER_BYTE_DECODED = 32;

    private DecoderContract() {
    }

    static DecoderProbe.Outcome<? extends WireMessage> check(Subject s, byte[] input, DecoderProbe probe) {
        return checkTyped(s, s.decoder(), input, probe);
    }

    private static <T extends WireMessage> DecoderProbe.Outcome<T> checkTyped(Subject s, Decoder<T> decoder,
            byte[] input, DecoderProbe probe) {
        DecoderProbe.Outcome<T> o = probe.run(decoder, input);
        int n = input.length;
        long bound;
        if (o.result() instanceof DecodeResult.NeedMore<T>) {
            check(n < s.maxMessageBytes(), "NeedMore with " + n + " bytes, more than the largest message", input);
            bound = FIXED_ALLOCATION + (long) PER_BYTE_UNDECODED * n;
        } else if (o.result() instanceof DecodeResult.Malformed<T> bad) {
            check(bad.reply() != null && bad.reason() != null && !bad.reason().isBlank(),
                    "Malformed without a reply code and a reason: " + bad, input);
            bound = FIXED_ALLOCATION + (long) PER_BYTE_UNDECODED * n;
        } else {
            T message = ((DecodeResult.Done<T>) o.result()).message();
            check(o.consumed() <= s.maxMessageBytes(), "Done consumed more than the largest message", input);
            checkReencodes(s, decoder, message, Arrays.copyOf(input, o.consumed()), input);
            bound = FIXED_ALLOCATION + (long) PER_BYTE_DECODED * o.consumed();
        }
        long allocated = o.allocated();
        for (int again = 0; again < 2 && allocated > bound; again++) {
            // A first call loads classes (and a JIT deoptimisation may rebuild objects): measure again.
            allocated = Math.min(allocated, probe.run(decoder, input).allocated());
        }
        if (allocated >= 0) {
            check(allocated <= bound, "allocated " + allocated + " bytes (bound " + bound + ") for "
                    + o.result(), input);
        }
        return new DecoderProbe.Outcome<>(o.result(), o.consumed(), allocated);
    }

    private static <T extends WireMessage> void checkReencodes(Subject s, Decoder<T> decoder, T message,
            byte[] taken, byte[] input) {
        int len = message.encodedLength();
        check(len == taken.length, "encodedLength " + len + " but " + taken.length + " bytes consumed", input);
        byte[] canvas = new byte[len + 8];
        Arrays.fill(canvas, (byte) 0xA5);
        ByteBuffer out = ByteBuffer.wrap(canvas);
        out.position(4);
        message.encodeTo(out);
        check(out.position() == 4 + len, "encodeTo wrote " + (out.position() - 4) + " bytes, not " + len, input);
        for (int i = 0; i < canvas.length; i++) {
            check(i >= 4 && i < 4 + len || canvas[i] == (byte) 0xA5, "encodeTo wrote outside its bytes", input);
        }
        byte[] encoded = Arrays.copyOfRange(canvas, 4, 4 + len);
        byte[] expected = s.normalise().apply(taken);
        check(Arrays.equals(encoded, expected), "re-encoded " + HexFormat.of().formatHex(encoded) + " != "
                + HexFormat.of().formatHex(expected) + " for " + message, input);
        check(Arrays.equals(message.toBytes(), encoded), "toBytes differs from encodeTo", input);
        ByteBuffer again = ByteBuffer.wrap(encoded);
        DecodeResult<T> second = decoder.decode(again);
        check(second.equals(new DecodeResult.Done<>(message)) && !again.hasRemaining(),
                "re-encoded bytes decode to " + second + ", not " + message, input);
        // Strict prefixes need more: all of them for short messages, 16 spread ones and the last 4 otherwise.
        for (int k = 0; k < taken.length; k++) {
            if (taken.length > 24 && k % (taken.length / 16 + 1) != 0 && k < taken.length - 4) {
                continue;
            }
            ByteBuffer prefix = ByteBuffer.wrap(taken, 0, k); // capacity beyond the limit: reads there throw
            DecodeResult<T> r;
            try {
                r = decoder.decode(prefix);
            } catch (RuntimeException e) {
                throw DecoderProbe.failure("prefix of " + k + " bytes threw " + e, taken);
            }
            check(r instanceof DecodeResult.NeedMore<T> && prefix.position() == 0,
                    "prefix of " + k + " bytes gave " + r, taken);
        }
    }

    static void check(boolean condition, String what, byte[] input) {
        if (!condition) {
            throw DecoderProbe.failure(what, input);
        }
    }
}
