package dev.argyle.protocol.fuzz;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Runs a decoder on one input twice, each time inside a larger buffer whose bytes before the position and
 * after the limit are sentinels, and checks what the {@link Decoder} contract promises about the buffer:
 * <ul>
 *   <li>it never throws: every input ends in a decode result;</li>
 *   <li>it never reads past the limit: the limit is the only barrier (absolute reads beyond it throw, which
 *       the first point turns into a failure) although bytes exist there;</li>
 *   <li>it never reads before the position: the two runs have different sentinels there (and differ in
 *       buffer kind, array offset and position), and must give equal results;</li>
 *   <li>it never writes: the first run's backing array is unchanged, the second buffer is read-only;</li>
 *   <li>the position moves only on Done, to just past the message; the limit never moves.</li>
 * </ul>
 * The first run also measures what the call allocated. Not thread-safe (one per property instance).
 */
final class DecoderProbe {
    private static final byte[] SENTINELS_A = {0x05, 0x00, 0x03, 0x04, 0x01, (byte) 0xFF};
    private static final byte[] SENTINELS_B = {(byte) 0xFF, 0x04, 0x00, 0x05, 0x7F, 0x03, 0x01};
    private static final int ARRAY_OFFSET_A = 5;
    private static final int BEFORE_A = 3;
    private static final int AFTER_A = 9;
    private static final int BEFORE_B = 7;
    private static final int AFTER_B = 16;

    private static final int MAX_PATTERN = 4096;
    private static final byte[] PATTERN_A = pattern(SENTINELS_A);
    private static final byte[] PATTERN_B = pattern(SENTINELS_B);

    private ByteBuffer direct = ByteBuffer.allocateDirect(2048);

    /**
     * What one decode did.
     *
     * @param result    the result (equal in both runs)
     * @param consumed  bytes consumed: the message's length on Done, else 0
     * @param allocated heap bytes the first run's decode call allocated, or -1 where that is not measured
     */
    record Outcome<T>(DecodeResult<T> result, int consumed, long allocated) {
    }

    <T> Outcome<T> run(Decoder<T> decoder, byte[] input) {
        int n = input.length;

        // Run A: heap buffer with a non-zero array offset and position, writable so that writes are seen.
        byte[] backing = new byte[ARRAY_OFFSET_A + BEFORE_A + n + AFTER_A];
        fill(backing, PATTERN_A);
        System.arraycopy(input, 0, backing, ARRAY_OFFSET_A + BEFORE_A, n);
        byte[] pristine = backing.clone();
        ByteBuffer a = ByteBuffer.wrap(backing, ARRAY_OFFSET_A, BEFORE_A + n + AFTER_A).slice();
        a.position(BEFORE_A).limit(BEFORE_A + n);
        boolean measure = Allocation.supported();
        long start = measure ? Allocation.now() : 0;
        DecodeResult<T> ra = decode(decoder, a, input);
        long allocated = measure ? Allocation.now() - start : -1;
        if (!Arrays.equals(backing, pristine)) {
            throw failure("decoder wrote into its input buffer", input);
        }
        int consumed = checkPosition(ra, a, BEFORE_A, n, input);

        // Run B: direct, read-only, other sentinels at other distances.
        if (direct.capacity() < BEFORE_B + n + AFTER_B) {
            direct = ByteBuffer.allocateDirect(2 * (BEFORE_B + n + AFTER_B));
        }
        direct.clear();
        for (int at = 0; at < BEFORE_B + n + AFTER_B; at += MAX_PATTERN) {
            direct.put(at, PATTERN_B, 0, Math.min(MAX_PATTERN, BEFORE_B + n + AFTER_B - at));
        }
        direct.put(BEFORE_B, input);
        ByteBuffer b = direct.asReadOnlyBuffer();
        b.limit(BEFORE_B + n).position(BEFORE_B);
        DecodeResult<T> rb = decode(decoder, b, input);
        checkPosition(rb, b, BEFORE_B, n, input);
        if (!ra.equals(rb)) {
            throw failure("result depends on bytes outside position..limit or on the buffer kind: "
                    + ra + " vs " + rb, input);
        }
        return new Outcome<>(ra, consumed, allocated);
    }

    private static <T> DecodeResult<T> decode(Decoder<T> decoder, ByteBuffer buf, byte[] input) {
        DecodeResult<T> result;
        try {
            result = decoder.decode(buf);
        } catch (RuntimeException | Error e) {
            AssertionError failure = failure("decoder threw " + e, input);
            failure.initCause(e);
            throw failure;
        }
        if (result == null) {
            throw failure("decoder returned null", input);
        }
        return result;
    }

    private static int checkPosition(DecodeResult<?> result, ByteBuffer buf, int start, int n, byte[] input) {
        if (buf.limit() != start + n) {
            throw failure("limit moved from " + (start + n) + " to " + buf.limit(), input);
        }
        int consumed = buf.position() - start;
        if (result instanceof DecodeResult.Done<?>) {
            if (consumed < 1 || consumed > n) {
                throw failure("Done consumed " + consumed + " of " + n + " bytes", input);
            }
            return consumed;
        }
        if (consumed != 0) {
            throw failure(result.getClass().getSimpleName() + " moved the position by " + consumed, input);
        }
        return 0;
    }

    static AssertionError failure(String what, byte[] input) {
        return new AssertionError(what + "; input (" + input.length + " bytes): " + HexFormat.of().formatHex(input));
    }

    private static byte[] pattern(byte[] sentinels) {
        byte[] out = new byte[MAX_PATTERN];
        for (int i = 0; i < out.length; i++) {
            out[i] = sentinels[i % sentinels.length];
        }
        return out;
    }

    private static void fill(byte[] b, byte[] pattern) {
        for (int at = 0; at < b.length; at += MAX_PATTERN) {
            System.arraycopy(pattern, 0, b, at, Math.min(MAX_PATTERN, b.length - at));
        }
    }
}
