package dev.argyle.server.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bucket's arithmetic on an injected clock: spending, debt, refill, the cap, and re-rating. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private TokenBucket bucket(long rate, long capacity) {
        return new TokenBucket(rate, capacity, now::get);
    }

    @Test
    void startsFullAndTryTakeSpendsOnlyWhatIsThere() {
        TokenBucket b = bucket(10, 10);
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryTake(1)).as("token %d", i).isTrue();
        }
        assertThat(b.tryTake(1)).isFalse();
        assertThat(b.tokens()).isZero();
        now.addAndGet(SECOND / 10); // one token back
        assertThat(b.tryTake(1)).isTrue();
        assertThat(b.tryTake(1)).isFalse();
    }

    @Test
    void takeGoesIntoDebtAndAnswersTheTimeToPayIt() {
        TokenBucket b = bucket(1000, 100);
        assertThat(b.take(100)).isZero();
        assertThat(b.take(500)).isEqualTo(SECOND / 2); // 500 bytes of debt at 1000/s
        now.addAndGet(SECOND / 4);
        assertThat(b.debtNanos()).isEqualTo(SECOND / 4);
        now.addAndGet(SECOND / 4);
        assertThat(b.debtNanos()).isZero();
        assertThat(b.tokens()).isZero();
    }

    @Test
    void refillStopsAtTheCapacity() {
        TokenBucket b = bucket(1000, 100);
        b.take(100);
        now.addAndGet(60 * SECOND);
        assertThat(b.tokens()).isEqualTo(100.0);
        assertThat(b.take(150)).isEqualTo(SECOND / 20);
    }

    @Test
    void overALongRunTheRateHoldsWhateverTheChunkSize() {
        TokenBucket b = bucket(256 * 1024, 25 * 1024);
        long sent = 0;
        long start = now.get();
        int[] chunks = {1, 700, 64 * 1024, 13, 25 * 1024};
        for (int i = 0; sent < 10L * 256 * 1024; i++) {
            int n = chunks[i % chunks.length];
            sent += n;
            long wait = b.take(n);
            now.addAndGet(wait); // a well-behaved reader waits out its debt before reading again
        }
        double seconds = (now.get() - start) / (double) SECOND;
        // 10 s worth of bytes, less the initial burst (0.1 s), within one chunk (0.25 s at most)
        assertThat(seconds).isBetween(9.6, 10.0);
    }

    @Test
    void reRatingKeepsTheBalanceAndClipsItToTheNewCapacity() {
        TokenBucket b = bucket(1000, 1000);
        b.take(200);
        b.setRate(100, 500);
        assertThat(b.rate()).isEqualTo(100);
        assertThat(b.tokens()).isEqualTo(500.0);
        b.take(600); // 100 in debt at 100/s
        assertThat(b.debtNanos()).isEqualTo(SECOND);
        b.setRate(1000, 500);
        assertThat(b.debtNanos()).isEqualTo(SECOND / 10); // the debt stays, paid faster
    }

    @Test
    void aClockThatStandsStillOrGoesBackAddsNothing() {
        TokenBucket b = bucket(1000, 10);
        b.take(10);
        now.addAndGet(-SECOND);
        assertThat(b.tokens()).isZero();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> bucket(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket(1, 1).setRate(-5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
