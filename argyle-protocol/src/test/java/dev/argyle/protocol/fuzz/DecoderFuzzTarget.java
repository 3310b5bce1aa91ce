package dev.argyle.protocol.fuzz;

/**
 * The Jazzer command-line target for one decoder, named by {@code -Dargyle.fuzz.decoder=Socks5Request} (see
 * {@link Subjects}); {@code scripts/fuzz-long.sh} runs it once per decoder with {@code -runs=N}. A violation of
 * {@link DecoderContract} throws, and Jazzer saves the input as {@code crash-*}.
 */
public final class DecoderFuzzTarget {
    private static Subject subject;
    private static Tally tally;
    private static final DecoderProbe PROBE = new DecoderProbe();

    private DecoderFuzzTarget() {
    }

    public static void fuzzerInitialize() {
        subject = Subjects.named(System.getProperty("argyle.fuzz.decoder", ""));
        tally = new Tally(subject.name());
    }

    public static void fuzzerTestOneInput(byte[] input) {
        tally.record(DecoderContract.check(subject, input, PROBE), input.length);
    }

    public static void fuzzerTearDown() {
        System.out.println(tally.summary());
    }
}
