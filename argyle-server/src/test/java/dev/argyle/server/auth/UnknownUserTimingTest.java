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
        long known = median(() -> users.verify("alice", "wrong".toCharArray()));
        long unknown = median(() -> users.verify("mallory", "wrong".toCharArray()));
        System.out.printf("HARDENING password check: wrong password %.1f ms, unknown user %.1f ms (medians)%n",
                known / 1e6, unknown / 1e6);
        assertThat(unknown).isGreaterThan(known / 3).isLessThan(known * 3);
    }

    private static long median(Runnable check) {
        long[] t = new long[7];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            check.run();
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
