package dev.argyle.protocol.fuzz;

import dev.argyle.protocol.DecodeResult;

/**
 * Counts what one decoder's fuzz inputs decoded to and prints the {@code FUZZ} summary line that
 * {@code scripts/fuzz-long.sh} and docs/hardening.md quote. Not thread-safe (fuzzing is single-threaded).
 */
final class Tally {
    private final String name;
    private final long startNanos = System.nanoTime();
    private long inputs;
    private long done;
    private long needMore;
    private long malformed;
    private long bytes;
    private long maxAllocated = -1;

    Tally(String name) {
        this.name = name;
    }

    void record(DecoderProbe.Outcome<?> o, int inputBytes) {
        inputs++;
        bytes += inputBytes;
        maxAllocated = Math.max(maxAllocated, o.allocated());
        if (o.result() instanceof DecodeResult.Done<?>) {
            done++;
        } else if (o.result() instanceof DecodeResult.NeedMore<?>) {
            needMore++;
        } else {
            malformed++;
        }
    }

    long inputs() {
        return inputs;
    }

    long done() {
        return done;
    }

    String summary() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format("FUZZ %-20s inputs=%d done=%.1f%% need-more=%.1f%% malformed=%.1f%% "
                        + "mean-input=%.0fB max-alloc=%dB wall=%.0fs",
                name, inputs, pct(done), pct(needMore), pct(malformed), inputs == 0 ? 0 : (double) bytes / inputs,
                maxAllocated, seconds);
    }

    private double pct(long count) {
        return inputs == 0 ? 0 : 100.0 * count / inputs;
    }
}
