package dev.argyle.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A storm of connections that close as soon as they open, half of them with a reset (SO_LINGER 0), half after
 * one byte of a greeting (so the server has buffered input to release): the server stays healthy and keeps no
 * channel, descriptor or buffer (Netty's PARANOID leak detector runs over this class, see LeakDetectionExtension).
 */
class ConnectionStormTest {
    private static final int CONNECTIONS = 2000;
    private static final int THREADS = 4;

    @Test
    void twoThousandConnectAndCloseLeaveNothingBehind() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(Hostile.config(Duration.ofSeconds(10)))) {
            ScriptedSocksClient bystander = new ScriptedSocksClient(server.address());
            assertThat(bystander.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            storm(server.address(), THREADS * 8); // warm-up: class loading opens jar files once
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 2);
            int baselineFds = Hostile.openFds();
            int openedBefore = server.sessions().openedCount();

            long start = System.nanoTime();
            storm(server.address(), CONNECTIONS);
            long stormNanos = System.nanoTime() - start;

            bystander.echo("bystander unharmed".getBytes());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.server().openChannels()).as("only the bystander's two channels").isEqualTo(2);
                assertThat(Hostile.openFds()).as("descriptors").isLessThanOrEqualTo(baselineFds);
            });
            int accepted = server.sessions().openedCount() - openedBefore;
            Hostile.connectAndEcho(server.address(), echo.address(), 20); // and new sessions work
            System.out.printf("HARDENING storm: %d connect-and-close (half reset, half after one byte) from %d threads"
                            + " in %.0f ms; %d accepted as sessions; channels and descriptors back to baseline%n",
                    CONNECTIONS, THREADS, stormNanos / 1e6, accepted);
            assertThat(accepted).as("sessions the server accepted").isGreaterThanOrEqualTo(CONNECTIONS * 9 / 10);
            bystander.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
        }
    }

    /** {@code count} connections from {@link #THREADS} threads, each closed at once in one of four ways. */
    private static void storm(InetSocketAddress proxy, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                done.add(threads.submit(() -> {
                    for (int i = first; i < count; i += THREADS) {
                        connectAndClose(proxy, i % 4);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void connectAndClose(InetSocketAddress proxy, int how) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(proxy, 5000);
            if (how >= 2) {
                s.getOutputStream().write(0x05); // the server now holds a buffer for this session
            }
            if (how % 2 == 1) {
                s.setSoLinger(true, 0); // RST instead of FIN
            }
        }
    }
}
