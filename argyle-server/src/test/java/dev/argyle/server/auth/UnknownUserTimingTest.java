package dev.argyle.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unknown user name costs a full hash (against a dummy), so the time a failure takes does not tell a
 * guesser which names exist. Compared as medians with a wide margin: without the dummy an unknown name would
 * take microseconds against tens of milliseconds.
 */
class UnknownUserTimingTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownUserTakesAboutAsLongAsAWrongPassword() throws IOException {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "alice", "s3cret".toCharArray());
        UsersFile users = UsersFile.load(file);
        users.verify("alice", "warm-up".toCharArray());
        users.verify("mallory", "warm-up".toCharArray()); // the first one also builds the dummy hash
        // Interleaved, so that both see the same load on a shared machine.
        long[] knownTimes = new long[9];
        long[] unknownTimes = new long[9];
        for (int i = 0; i < 9; i++) {
            knownTimes[i] = time(() -> users.verify("alice", "wrong".toCharArray()));
            unknownTimes[i] = time(() -> users.verify("mallory", "wrong".toCharArray()));
        }
        long known = median(knownTimes);
        long unknown = median(unknownTimes);
        System.out.printf("HARDENING password check: wrong password %.1f ms, unknown user %.1f ms (medians)%n",
                known / 1e6, unknown / 1e6);
        // Without the dummy an unknown name would take about a thousandth of a wrong password's time.
        assertThat(unknown).isGreaterThan(known / 5).isLessThan(known * 5);
    }

    private static long time(Runnable check) {
        long t0 = System.nanoTime();
        check.run();
        return System.nanoTime() - t0;
    }

    private static long median(long[] t) {
        long[] sorted = t.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
