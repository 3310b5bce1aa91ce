package dev.argyle.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.LimitsConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.UdpEchoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code limits.udp-datagrams-per-second}: a burst over the rate is cut to the bucket's size, the excess is
 * dropped and counted (server counter, session, access log), and the association carries on once tokens are
 * back.
 */
class UdpDatagramRateTest {
    private static final int RATE = 20;
    private static final int BURST = 200;

    @Test
    void aBurstOverTheRateIsCutTheExcessCountedAndTheAssociationLivesOn() throws Exception {
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withLimits(LimitsConfig.none().withUdpDatagramsPerSecond(RATE));
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            try (UdpTestClient c = UdpTestClient.exact(server.address())) {
                assertThat(c.succeeded()).isTrue();
                byte[] payload = "tick".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < BURST; i++) {
                    c.send(dst, payload);
                }
                int echoed = 0;
                while (c.receive(Duration.ofMillis(500)) != null) {
                    echoed++;
                }
                // The bucket holds RATE tokens and refills RATE per second: sending takes milliseconds, so about
                // RATE datagrams pass; a slow machine may let a few more through as tokens come back.
                assertThat(echoed).isBetween(RATE / 2, 2 * RATE);
                UdpCounters counters = server.server().udpCounters();
                assertThat(counters.dropped(DropReason.RATE)).isBetween((long) BURST - 2 * RATE, (long) BURST - echoed);

                // Within the rate again, and the association is still there.
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> c.roundTrip(dst, payload) != null);
                assertThat(c.control.socket().isClosed()).isFalse();
            }
            Session s = server.sessions().next();
            assertThat(s.error()).isNull();
            assertThat(s.datagramsDropped()).isEqualTo(server.server().udpCounters().droppedTotal());
            assertThat(AccessLog.format(s)).contains("dropped=" + s.datagramsDropped());
        }
    }

    @Test
    void withoutTheLimitNothingIsDroppedForRate() throws Exception {
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start();
             UdpTestClient c = UdpTestClient.exact(server.address())) {
            SocksAddress dst = SocksAddress.of(echo.address());
            for (int i = 0; i < 3 * RATE; i++) {
                assertThat(c.roundTrip(dst, new byte[] {(byte) i}).payload()).containsExactly((byte) i);
            }
            assertThat(server.server().udpCounters().dropped(DropReason.RATE)).isZero();
        }
    }
}
