package dev.argyle.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.config.AuthThrottleConfig;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleConfig.defaults(), clock);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private List<Long> failures(InetAddress client, int n) {
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seconds.add(throttle.delayAfterFailure(client).toSeconds());
        }
        return seconds;
    }

    @Test
    void delayDoublesFromBaseAndStopsAtMax() throws Exception {
        assertThat(failures(ip("192.0.2.1"), 7)).containsExactly(1L, 2L, 4L, 8L, 10L, 10L, 10L);
    }

    @Test
    void manyFailuresNeverOverflow() throws Exception {
        List<Long> delays = failures(ip("192.0.2.1"), 200);
        assertThat(delays.get(199)).isEqualTo(10L);
    }

    @Test
    void successStartsOver() throws Exception {
        InetAddress client = ip("192.0.2.1");
        failures(client, 3);
        throttle.recordSuccess(client);
        assertThat(failures(client, 2)).containsExactly(1L, 2L);
    }

    @Test
    void clientsAreCountedSeparately() throws Exception {
        failures(ip("192.0.2.1"), 3);
        assertThat(failures(ip("192.0.2.2"), 1)).containsExactly(1L);
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() throws Exception {
        failures(ip("2001:db8:1:2::1"), 2);
        assertThat(failures(ip("2001:db8:1:2:ffff::9"), 1)).containsExactly(4L);
        assertThat(failures(ip("2001:db8:1:3::1"), 1)).containsExactly(1L);
    }

    @Test
    void failuresAreForgottenAfterQuietPeriod() throws Exception {
        InetAddress client = ip("192.0.2.1");
        failures(client, 3);
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(failures(client, 1)).containsExactly(8L);
        clock.advance(Duration.ofMinutes(10));
        assertThat(failures(client, 1)).containsExactly(1L);
        assertThat(throttle.size()).isEqualTo(1);
    }

    @Test
    void staleClientsAreDroppedSoMemoryShrinks() throws Exception {
        failures(ip("192.0.2.1"), 1);
        failures(ip("192.0.2.2"), 1);
        clock.advance(Duration.ofMinutes(11));
        failures(ip("192.0.2.3"), 1);
        assertThat(throttle.size()).isEqualTo(1);
    }

    @Test
    void capacityEvictsTheClientWithTheOldestFailure() throws Exception {
        AuthThrottle small = new AuthThrottle(AuthThrottleConfig.defaults(), clock, 2);
        InetAddress a = ip("192.0.2.1");
        InetAddress b = ip("192.0.2.2");
        small.delayAfterFailure(a);
        small.delayAfterFailure(b);
        small.delayAfterFailure(a); // a is now the most recent, b the oldest
        small.delayAfterFailure(ip("192.0.2.3"));
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.delayAfterFailure(a)).isEqualTo(Duration.ofSeconds(4));
        assertThat(small.delayAfterFailure(b)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void zeroBaseMeansNoDelay() throws Exception {
        AuthThrottle none = new AuthThrottle(new AuthThrottleConfig(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)), clock);
        assertThat(none.delayAfterFailure(ip("192.0.2.1"))).isZero();
        assertThat(none.delayAfterFailure(ip("192.0.2.1"))).isZero();
    }

    @Test
    void staysBoundedUnderConcurrentUse() throws Exception {
        AuthThrottle small = new AuthThrottle(AuthThrottleConfig.defaults(), Clock.systemUTC(), 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        InetAddress client = InetAddress.getByAddress(new byte[] {10, (byte) thread, (byte) (i >> 8), (byte) i});
                        small.delayAfterFailure(client);
                        if (i % 3 == 0) {
                            small.recordSuccess(client);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(small.size()).isLessThanOrEqualTo(100);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
