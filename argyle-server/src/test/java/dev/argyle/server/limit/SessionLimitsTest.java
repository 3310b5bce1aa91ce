package dev.argyle.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.config.LimitsConfig;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The counting itself, with a fake clock; {@link SessionLimitsIntegrationTest} runs it in a server. */
class SessionLimitsTest {
    private static final InetAddress A = ip("192.0.2.1");
    private static final InetAddress B = ip("192.0.2.2");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LimitCounters counters = new LimitCounters(nanos::get);

    private SessionLimits limits(int total, int perClient, int perUser, int rate) {
        return new SessionLimits(new LimitsConfig(total, perClient, perUser, rate), counters, nanos::get);
    }

    @Test
    void theTotalIsSharedByAllClientsAndComesBackOnClose() {
        SessionLimits limits = limits(2, 0, 0, 0);
        Permit a = limits.tryAcquireClient(A);
        Permit b = limits.tryAcquireClient(B);
        Permit c = limits.tryAcquireClient(B);
        assertThat(a.granted()).isTrue();
        assertThat(b.granted()).isTrue();
        assertThat(c.granted()).isFalse();
        assertThat(c.refusal()).isEqualTo(Limit.SESSIONS);
        assertThat(c.error()).isEqualTo("limit: sessions in total (max-sessions 2)");
        c.close(); // closing a refusal gives nothing back
        a.close();
        a.close(); // nor does closing twice
        assertThat(limits.open()).isEqualTo(1);
        assertThat(limits.tryAcquireClient(B).granted()).isTrue();
        assertThat(limits.tryAcquireClient(B).granted()).isFalse();
        assertThat(counters.refused(Limit.SESSIONS)).isEqualTo(2);
    }

    @Test
    void perClientCountsEachAddressApart() {
        SessionLimits limits = limits(0, 1, 0, 0);
        Permit a = limits.tryAcquireClient(A);
        assertThat(limits.tryAcquireClient(A).refusal()).isEqualTo(Limit.SESSIONS_PER_CLIENT);
        assertThat(limits.tryAcquireClient(B).granted()).isTrue();
        assertThat(limits.open()).as("a refusal holds no place in the total").isEqualTo(2);
        a.close();
        assertThat(limits.tryAcquireClient(A).granted()).isTrue();
        assertThat(counters.refused()).isEqualTo(1);
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        SessionLimits limits = limits(0, 1, 0, 0);
        assertThat(limits.tryAcquireClient(ip("2001:db8:0:1::1")).granted()).isTrue();
        assertThat(limits.tryAcquireClient(ip("2001:db8:0:1::2")).refusal()).isEqualTo(Limit.SESSIONS_PER_CLIENT);
        assertThat(limits.tryAcquireClient(ip("2001:db8:0:2::1")).granted()).isTrue();
    }

    @Test
    void theRateAllowsABurstThenRefillsOverTime() {
        SessionLimits limits = limits(0, 0, 0, 2);
        limits.tryAcquireClient(A).close();
        limits.tryAcquireClient(A).close();
        Permit third = limits.tryAcquireClient(A);
        assertThat(third.refusal()).isEqualTo(Limit.NEW_SESSIONS_PER_SECOND);
        assertThat(third.error()).contains("new-sessions-per-second-per-client 2");
        assertThat(limits.tryAcquireClient(B).granted()).as("another address has its own bucket").isTrue();
        nanos.addAndGet(500_000_000L); // half a second: one token back
        assertThat(limits.tryAcquireClient(A).granted()).isTrue();
        assertThat(limits.tryAcquireClient(A).granted()).isFalse();
        assertThat(counters.refused(Limit.NEW_SESSIONS_PER_SECOND)).isEqualTo(2);
    }

    @Test
    void perUserCountsUsersAndComesBackOnClose() {
        SessionLimits limits = limits(0, 0, 2, 0);
        Permit one = limits.tryAcquireUser("alice");
        Permit two = limits.tryAcquireUser("alice");
        Permit three = limits.tryAcquireUser("alice");
        assertThat(three.refusal()).isEqualTo(Limit.SESSIONS_PER_USER);
        assertThat(three.error()).isEqualTo("limit: sessions per user (max-sessions-per-user 2)");
        assertThat(limits.tryAcquireUser("bob").granted()).isTrue();
        one.close();
        assertThat(limits.tryAcquireUser("alice").granted()).isTrue();
        two.close();
        assertThat(counters.refused(Limit.SESSIONS_PER_USER)).isEqualTo(1);
    }

    @Test
    void zeroMeansNoLimit() {
        SessionLimits limits = limits(0, 0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(limits.tryAcquireClient(A).granted()).isTrue();
            assertThat(limits.tryAcquireUser("alice").granted()).isTrue();
        }
        // Still counted per address while sessions are open, for a reload that turns a per-address limit on.
        assertThat(limits.trackedClients()).isEqualTo(1);
        assertThat(counters.refused()).isZero();
    }

    @Test
    void theAddressTableStaysBoundedUnderAScan() throws Exception {
        SessionLimits limits = limits(0, 0, 0, 5);
        byte[] v6 = InetAddress.getByName("2001:db8::").getAddress();
        for (int i = 0; i < SessionLimits.MAX_TRACKED_CLIENTS + 1000; i++) {
            v6[5] = (byte) (i >> 16); // a different /64 each time
            v6[6] = (byte) (i >> 8);
            v6[7] = (byte) i;
            limits.tryAcquireClient(InetAddress.getByAddress(v6)).close();
        }
        assertThat(limits.trackedClients()).isLessThanOrEqualTo(SessionLimits.MAX_TRACKED_CLIENTS + 1);
    }

    @Test
    void emptyEntriesAreDroppedOnceTheirBucketIsFull() {
        SessionLimits limits = limits(0, 3, 0, 0);
        List<Permit> held = new ArrayList<>();
        held.add(limits.tryAcquireClient(A));
        held.add(limits.tryAcquireClient(B));
        assertThat(limits.trackedClients()).isEqualTo(2);
        held.forEach(Permit::close);
        assertThat(limits.trackedClients()).isZero();
        assertThat(limits.open()).isZero();
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
