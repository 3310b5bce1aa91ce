package dev.argyle.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DescriptorsTest {
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicInteger listings = new AtomicInteger();

    private Descriptors descriptors(long limit, long reserve) {
        return new Descriptors(limit, reserve, () -> {
            listings.incrementAndGet();
            return open.get();
        }, clock::get);
    }

    @Test
    void countsAcceptsBetweenSamplesAndListsAtMostEveryHundredMilliseconds() {
        Descriptors d = descriptors(1000, 100);
        open.set(500);
        assertThat(d.acceptedNearLimit()).isFalse();
        assertThat(listings).hasValue(1);
        for (int i = 0; i < 399; i++) {
            assertThat(d.acceptedNearLimit()).isFalse();
        }
        // 500 sampled + 400 accepts since = 900: at the threshold, shed without listing again.
        assertThat(d.acceptedNearLimit()).isTrue();
        assertThat(listings).hasValue(1);
        // 20 ms later, near the limit, it looks again: the connections have gone.
        open.set(300);
        clock.addAndGet(Descriptors.SATURATED_SAMPLE_NANOS);
        assertThat(d.acceptedNearLimit()).isFalse();
        assertThat(listings).hasValue(2);
        assertThat(d.estimate()).isEqualTo(300);
    }

    @Test
    void aShedConnectionGivesItsDescriptorBackToTheEstimate() {
        Descriptors d = descriptors(1000, 100);
        open.set(899);
        assertThat(d.acceptedNearLimit()).isFalse();
        // At the threshold from now on: each new one is shed and closed, and the estimate stays where it is, so
        // when the sessions already held end, the next accept (before any new sample) is served again.
        for (int i = 0; i < 50; i++) {
            assertThat(d.acceptedNearLimit()).isTrue();
            d.shedClosed();
        }
        assertThat(d.estimate()).isEqualTo(899);
        assertThat(listings).hasValue(1);
    }

    @Test
    void aSlowListingIsRepeatedAtMostEveryTwentyTimesItsCost() {
        Descriptors d = new Descriptors(1000, 100, () -> {
            listings.incrementAndGet();
            clock.addAndGet(50_000_000L); // this listing takes 50 ms
            return 500;
        }, clock::get);
        d.acceptedNearLimit();
        assertThat(listings).hasValue(1);
        clock.addAndGet(999_000_000L - 50_000_000L); // 0.999 s after the listing started
        d.acceptedNearLimit();
        assertThat(listings).hasValue(1);
        clock.addAndGet(1_000_000L);
        d.acceptedNearLimit();
        assertThat(listings).hasValue(2);
    }

    @Test
    void aListingThatFailsMeansTheLimitIsReached() {
        Descriptors d = new Descriptors(1000, 100, () -> {
            throw new InternalError("errno: 24 error: Unable to open directory /proc/self/fd");
        }, clock::get);
        assertThat(d.acceptedNearLimit()).isTrue();
    }

    @Test
    void aReserveOfZeroNeverShedsAndNeverLists() {
        Descriptors d = descriptors(Long.MAX_VALUE, 0);
        open.set(Long.MAX_VALUE - 1);
        assertThat(d.acceptedNearLimit()).isFalse();
        assertThat(listings).hasValue(0);
    }

    @Test
    void thisProcessHasALimit() {
        Descriptors d = Descriptors.ofThisProcess();
        assertThat(d.limit()).isPositive();
        assertThat(d.threshold()).isLessThanOrEqualTo(d.limit());
    }
}
