package dev.argyle.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-user registry: sessions of one user share buckets, other users do not, and entries go away. */
class UserBandwidthTest {
    private final AtomicLong now = new AtomicLong();
    private final UserBandwidth users = new UserBandwidth(now::get);

    @Test
    void sessionsOfOneUserShareBucketsPerDirection() {
        try (UserBandwidth.Share a = users.acquire("alice", 1024 * 1024, 2048 * 1024);
             UserBandwidth.Share b = users.acquire("alice", 1024 * 1024, 2048 * 1024);
             UserBandwidth.Share c = users.acquire("bob", 1024 * 1024, 2048 * 1024)) {
            assertThat(a.up()).isSameAs(b.up()).isNotSameAs(c.up()).isNotSameAs(a.down());
            assertThat(a.down()).isSameAs(b.down());
            assertThat(a.up().rate()).isEqualTo(1024 * 1024);
            assertThat(a.down().rate()).isEqualTo(2048 * 1024);
            assertThat(users.tracked()).isEqualTo(2);
        }
        assertThat(users.tracked()).isZero();
    }

    @Test
    void anUnlimitedDirectionHasNoBucket() {
        try (UserBandwidth.Share a = users.acquire("alice", 0, 4096)) {
            assertThat(a.up()).isNull();
            assertThat(a.down()).isNotNull();
        }
    }

    @Test
    void aNewConfigsRatesReRateTheSharedBucketForEveryone() {
        // As after a reload: an established session keeps its share, a new one brings other rates.
        try (UserBandwidth.Share old = users.acquire("alice", 10_000, 10_000)) {
            try (UserBandwidth.Share fresh = users.acquire("alice", 20_000, 0)) {
                assertThat(fresh.up()).isSameAs(old.up());
                assertThat(old.up().rate()).isEqualTo(20_000);
                assertThat(fresh.down()).as("unlimited for the new session").isNull();
                assertThat(old.down().rate()).as("the old session keeps its download limit").isEqualTo(10_000);
            }
            assertThat(users.tracked()).isEqualTo(1);
        }
        assertThat(users.tracked()).isZero();
    }

    @Test
    void closingAShareTwiceReleasesOnce() {
        UserBandwidth.Share a = users.acquire("alice", 4096, 4096);
        UserBandwidth.Share b = users.acquire("alice", 4096, 4096);
        a.close();
        a.close();
        assertThat(users.tracked()).isEqualTo(1);
        b.close();
        assertThat(users.tracked()).isZero();
    }
}
