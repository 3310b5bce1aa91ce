package dev.argyle.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.argyle.protocol.DecodeResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every decoder of the protocol module under {@link DecoderContract}.
 *
 * <p>{@link #everyDecoder} is one Jazzer fuzz test for all ten decoders (Jazzer fuzzes one fuzz test per JVM):
 * the first input byte picks the decoder, the rest is its input. With {@code JAZZER_FUZZ=1} (set by this
 * module's {@code fuzz} surefire execution) it is coverage-guided fuzzing for the annotation's
 * {@code maxDuration}; without it, it replays {@code DecoderFuzzTestInputs/} (seeds and any past finding).
 * Longer runs per decoder: {@code scripts/fuzz-long.sh}.
 */
class DecoderFuzzTest {
    private static final DecoderProbe PROBE = new DecoderProbe();
    private static final Map<String, Tally> TALLIES = new LinkedHashMap<>();
    /** Below the 272 bytes that sizing an array from a 255-byte length claim would take on its own. */
    private static final int HOSTILE_ALLOCATION = 200;

    @FuzzTest(maxDuration = "20s")
    void everyDecoder(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Subject s = Subjects.ALL.get((data[0] & 0xFF) % Subjects.ALL.size());
        byte[] input = Arrays.copyOfRange(data, 1, data.length);
        Tally tally = TALLIES.computeIfAbsent(s.name(), Tally::new);
        tally.record(DecoderContract.check(s, input, PROBE), input.length);
    }

    @AfterAll
    static void summary() {
        TALLIES.values().forEach(t -> System.out.println(t.summary()));
    }

    static Stream<Subject> subjects() {
        return Subjects.stream();
    }

    /** Seeds are valid messages: each decodes whole and keeps the contract. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void seedsKeepTheContract(Subject s) {
        for (byte[] seed : s.seeds()) {
            DecoderProbe.Outcome<?> o = DecoderContract.check(s, seed, PROBE);
            assertThat(o.result()).isInstanceOf(DecodeResult.Done.class);
            assertThat(o.consumed()).isEqualTo(seed.length);
        }
    }

    /**
     * Length fields of 21..255 with at most 20 bytes after them (and, for messages without length fields,
     * unterminated or short inputs): never Done, and the decode allocates less than a 255-byte claim would take, so
     * no decoder sizes anything from a length field before the bytes are there. (The SOCKS4 inputs have no length
     * field; they check that a user id or host name without its NUL is scanned, not copied.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void hostileLengthsAllocateLittle(Subject s) {
        long most = 0;
        for (byte[] input : s.hostile()) {
            long least = Long.MAX_VALUE;
            DecoderProbe.Outcome<?> o = null;
            for (int round = 0; round < 3; round++) { // the least of three: a first call may load classes
                o = DecoderContract.check(s, input, PROBE);
                least = Math.min(least, o.allocated());
            }
            assertThat(o.result()).as("%s on %d bytes", s, input.length).isNotInstanceOf(DecodeResult.Done.class);
            if (least >= 0) {
                assertThat(least).as("bytes allocated by %s on %s", s, Arrays.toString(input))
                        .isLessThan(HOSTILE_ALLOCATION);
                most = Math.max(most, least);
            }
        }
        System.out.printf("HARDENING hostile lengths: %s, %d inputs, at most %d bytes allocated%n", s,
                s.hostile().size(), most);
    }
}
