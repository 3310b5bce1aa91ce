package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.LimitsConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoPump;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The bar for reload: 200 relayed sessions with echo traffic flowing before, during and after several
 * reloads; none is dropped and every byte comes back as sent. Each session's pump writes a chunk, reads it
 * back and compares, round after round, until told to stop; between reloads every pump must finish a round
 * that started after the reload, so each session is known to have carried traffic across each swap.
 */
class ReloadUnderLoadTest {
    private static final int SESSIONS = 200;
    private static final int RELOADS = 5;
    private static final int CHUNK = 8 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void twoHundredLiveSessionsCarryEveryByteAcrossReloads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(SESSIONS, r -> {
            Thread t = new Thread(r, "pump");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean stop = new AtomicBoolean();
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            SocksAddress dst = SocksAddress.of(echo.address());
            List<EchoPump> pumps = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                ScriptedSocksClient c = new ScriptedSocksClient(server.address());
                pumps.add(new EchoPump(i, c, stop, CHUNK));
                assertThat(c.connect5(dst).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            }
            List<Future<Long>> results = new ArrayList<>();
            for (EchoPump p : pumps) {
                results.add(threads.submit(p));
            }
            awaitEveryPumpPast(pumps, 0);

            ServerConfig base = server.server().config();
            for (int r = 1; r <= RELOADS; r++) {
                long[] before = pumps.stream().mapToLong(p -> p.rounds.get()).toArray();
                ServerConfig next = variant(base, r);
                assertThat(server.server().reload(next).generation()).isEqualTo(r + 1);
                // A new session gets the new policy (here: the new, higher session limit still admits it)...
                try (ScriptedSocksClient fresh = ReloadTest.relaying(server, dst)) {
                    assertThat(server.server().config().limits().maxSessions()).isEqualTo(next.limits().maxSessions());
                }
                // ...and every old one relays a whole round started after the swap.
                for (int i = 0; i < SESSIONS; i++) {
                    awaitPast(pumps, pumps.get(i), before[i] + 1);
                }
            }

            stop.set(true);
            Map<Integer, Long> pumped = new HashMap<>();
            for (int i = 0; i < SESSIONS; i++) {
                long bytes = results.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(bytes).isGreaterThanOrEqualTo((long) (RELOADS + 1) * CHUNK);
                pumped.put(pumps.get(i).client.socket().getLocalPort(), bytes);
            }
            assertThat(server.server().openChannels()).as("no session was dropped").isEqualTo(2 * SESSIONS);
            for (EchoPump p : pumps) {
                p.client.close();
            }
            Awaitility.await().atMost(DEADLINE).until(() -> server.server().openChannels() == 0);

            List<Session> ended = new ArrayList<>();
            Awaitility.await().atMost(DEADLINE).until(() -> {
                ended.addAll(server.sessions().drain());
                return ended.stream().filter(s -> pumped.containsKey(s.client().getPort())).count() == SESSIONS;
            });
            for (Session s : ended) {
                Long bytes = pumped.get(s.client().getPort());
                if (bytes != null) {
                    assertThat(s.error()).as("session %d", s.id()).isNull();
                    assertThat(s.bytesUp()).as("session %d up", s.id()).isEqualTo(bytes);
                    assertThat(s.bytesDown()).as("session %d down", s.id()).isEqualTo(bytes);
                }
            }
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }

    /** Reload {@code n}: another session limit, idle timeout and rule set, so that each reload changes something. */
    private static ServerConfig variant(ServerConfig base, int n) throws Exception {
        ServerConfig rules = ConfigLoader.parse("""
                rules:
                  requests:
                    - name: reload-%d
                      action: block
                      to: 192.0.2.%d
                    - action: pass
                """.formatted(n, n), "reload-" + n + ".yaml");
        return base.withRules(rules.rules())
                .withLimits(new LimitsConfig(1000 + n, 0, 0, 0))
                .withTimeouts(base.timeouts().withIdle(Duration.ofMinutes(5 + n)));
    }

    private static void awaitEveryPumpPast(List<EchoPump> pumps, long rounds) {
        for (EchoPump p : pumps) {
            awaitPast(pumps, p, rounds + 1);
        }
    }

    /** Waits until {@code p} has finished {@code rounds}; fails at once if any pump failed. */
    private static void awaitPast(List<EchoPump> pumps, EchoPump p, long rounds) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (EchoPump q : pumps) {
                if (q.failure.get() != null) {
                    throw new AssertionError("session " + q.index + " failed", q.failure.get());
                }
            }
            return p.rounds.get() >= rounds;
        });
    }
}
