package dev.argyle.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.testkit.EchoPump;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling reload behind HAProxy, as docs/scaling.md describes it: 200 echo sessions through HAProxy
 * ({@code send-proxy-v2}, round robin) spread over two instances keep exchanging data while instance A's config file
 * is edited (a rule added) and A reloaded, then the same for B. No session is dropped, every byte comes back as
 * sent, and new sessions through HAProxy after the reload meet the new rule on whichever instance serves them.
 */
class HaproxyRollingReloadTest {
    private static final int SESSIONS = 200;
    private static final int CHUNK = 4 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String CONFIG = """
            listeners:
              - listen: 127.0.0.1:0
                proxy-protocol-from: [127.0.0.1]
            rules:
              clients:
                - action: pass
              requests:
            %s    - name: lan
                  action: pass
                  from: [127.0.0.0/8]
            """;
    /** The rule the reload adds: no new session to the echo server. */
    private static final String NEW_RULE = """
                - name: echo-closed
                  action: block
                  to: [127.0.0.1]
                  ports: [%d]
            """;

    @TempDir
    Path dir;

    @Test
    void twoHundredSessionsThroughHaproxySurviveARollingReloadByteForByte() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(SESSIONS, r -> {
            Thread t = new Thread(r, "pump");
            t.setDaemon(true);
            return t;
        });
        Path fileA = dir.resolve("a.yaml");
        Path fileB = dir.resolve("b.yaml");
        Files.writeString(fileA, CONFIG.formatted(""));
        Files.writeString(fileB, CONFIG.formatted(""));
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer a = RunningServer.start(ConfigLoader.load(fileA));
             RunningServer b = RunningServer.start(ConfigLoader.load(fileB))) {
            HaproxyProcess haproxy = HaproxyProcess.inFrontOf(dir, a.port(), b.port());
            InetSocketAddress haproxyAddress = haproxy.frontend();
            try {
                SocksAddress dst = SocksAddress.of(echo.address());
                List<EchoPump> pumps = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    ScriptedSocksClient c = new ScriptedSocksClient(haproxyAddress);
                    pumps.add(new EchoPump(i, c, stop, CHUNK));
                    assertThat(c.connect5(dst).reply()).as("session %d", i).isEqualTo(ReplyCode.SUCCEEDED);
                }
                List<Future<Long>> results = new ArrayList<>();
                for (EchoPump p : pumps) {
                    results.add(threads.submit(p));
                }
                awaitRoundAfter(pumps, now(pumps));
                // Round robin: both instances relay about half (two channels per session).
                assertThat(a.server().openChannels()).as("instance A").isBetween(2 * 80, 2 * 120);
                assertThat(b.server().openChannels()).as("instance B").isBetween(2 * 80, 2 * 120);

                int echoPort = echo.address().getPort();
                for (RunningServer instance : List.of(a, b)) {
                    Path file = instance == a ? fileA : fileB;
                    Files.writeString(file, CONFIG.formatted(NEW_RULE.formatted(echoPort)));
                    long[] before = now(pumps);
                    assertThat(instance.server().reload(ConfigLoader.load(file)).generation()).isEqualTo(2);
                    awaitRoundAfter(pumps, before);
                }

                for (int i = 0; i < 4; i++) { // round robin: both instances answer some
                    try (ScriptedSocksClient fresh = new ScriptedSocksClient(haproxyAddress)) {
                        assertThat(fresh.connect5(dst).reply()).as("new session %d after the reload", i)
                                .isEqualTo(ReplyCode.NOT_ALLOWED);
                    }
                }
                for (RunningServer instance : List.of(a, b)) {
                    assertThat(instance.server().config().rules().requests().rules().get(0).name())
                            .isEqualTo("echo-closed");
                }

                stop.set(true);
                for (int i = 0; i < SESSIONS; i++) {
                    long bytes = results.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    assertThat(bytes).as("session %d", i).isGreaterThanOrEqualTo(3L * CHUNK);
                }
                assertThat(a.server().openChannels() + b.server().openChannels()).as("no session was dropped")
                        .isGreaterThanOrEqualTo(2 * SESSIONS);
                for (EchoPump p : pumps) {
                    p.client.close();
                }
            } finally {
                haproxy.close();
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }

    private static long[] now(List<EchoPump> pumps) {
        return pumps.stream().mapToLong(p -> p.rounds.get()).toArray();
    }

    /** Waits until every pump has finished a round that started after {@code before}; fails at once on a failure. */
    private static void awaitRoundAfter(List<EchoPump> pumps, long[] before) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
            boolean all = true;
            for (EchoPump p : pumps) {
                if (p.failure.get() != null) {
                    throw new AssertionError("session " + p.index + " failed", p.failure.get());
                }
                all &= p.rounds.get() >= before[p.index] + 2;
            }
            return all;
        });
    }
}
