package dev.argyle.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of clients that open a connection, send the first byte of a greeting and stall (a slowloris on the
 * handshake): a normal client's CONNECT+echo keeps working beside them, and every stalled one is closed by the
 * handshake timeout, after which the server holds nothing of them. Latency is measured, not tightly asserted:
 * docs/hardening.md has the figures.
 */
class StalledHandshakesTest {
    /** Long enough that the measurement under load ends before the first stalled connection is reaped. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(8);
    private static final int WANTED = 10_000;
    private static final int SESSIONS = 200;

    @Test
    void stalledHandshakesNeitherStarveOthersNorOutliveTheHandshakeTimeout() throws Exception {
        int stalls = Hostile.affordableConnections(WANTED);
        assertThat(stalls).as("descriptor limit %d leaves room for stalled connections", Hostile.maxFds())
                .isGreaterThanOrEqualTo(1000);
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(Hostile.config(HANDSHAKE))) {
            Hostile.connectAndEcho(server.address(), echo.address(), 20); // warm-up: class loading, JIT
            Hostile.Latencies quiet = Hostile.connectAndEcho(server.address(), echo.address(), SESSIONS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
            server.sessions().drain();

            Hostile.Latencies loaded;
            Duration setUp;
            try (StalledClients stalled = StalledClients.open(server.address(), stalls, Duration.ofSeconds(60))) {
                setUp = stalled.sinceFirstOpened();
                loaded = Hostile.connectAndEcho(server.address(), echo.address(), SESSIONS);
                Duration measuredBy = stalled.sinceFirstOpened();
                // The load was all there while the normal sessions ran: none had been reaped yet.
                assertThat(measuredBy).as("stalled connections set up and measured before any could time out")
                        .isLessThan(HANDSHAKE);
                assertThat(server.server().openChannels()).isGreaterThanOrEqualTo(stalls);

                int closed = stalled.awaitClosedByServer(HANDSHAKE.plusSeconds(30));
                assertThat(closed).as("stalled connections closed by the server").isEqualTo(stalls);
                assertThat(stalled.unexpected()).as("a stalled greeting gets no answer").isEmpty();
                assertThat(stalled.shortestLife()).as("none closed before the handshake timeout")
                        .isGreaterThanOrEqualTo(HANDSHAKE.minusMillis(20));
                System.out.printf("HARDENING stalled-handshakes: %d stalled (descriptor limit %d), set up in %.0f ms;"
                                + " CONNECT+echo without load: %s; under load: %s; p99 ratio %.2f;"
                                + " all reaped %.2f..%.2f s after opening (handshake timeout %d s)%n",
                        stalls, Hostile.maxFds(), Hostile.millis(setUp), quiet, loaded,
                        (double) loaded.p99().toNanos() / quiet.p99().toNanos(),
                        stalled.shortestLife().toMillis() / 1e3, stalled.longestLife().toMillis() / 1e3,
                        HANDSHAKE.toSeconds());
            }
            assertThat(loaded.p99()).as("p99 of CONNECT+echo under load").isLessThan(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
            List<Session> ended = server.sessions().drain();
            assertThat(ended.stream().filter(s -> "handshake timeout".equals(s.error())).count())
                    .as("sessions ended by the handshake timeout").isEqualTo(stalls);
        }
    }
}
