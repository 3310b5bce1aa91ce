package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.LimitsConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            SocksAddress dst = SocksAddress.of(echo.address());
            List<Pump> pumps = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                ScriptedSocksClient c = new ScriptedSocksClient(server.address());
                pumps.add(new Pump(i, c));
                assertThat(c.connect5(dst).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            }
            List<Future<Long>> results = new ArrayList<>();
            for (Pump p : pumps) {
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

            Pump.stop.set(true);
            Map<Integer, Long> pumped = new HashMap<>();
            for (int i = 0; i < SESSIONS; i++) {
                long bytes = results.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(bytes).isGreaterThanOrEqualTo((long) (RELOADS + 1) * CHUNK);
                pumped.put(pumps.get(i).client.socket().getLocalPort(), bytes);
            }
            assertThat(server.server().openChannels()).as("no session was dropped").isEqualTo(2 * SESSIONS);
            for (Pump p : pumps) {
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
            Pump.stop.set(false);
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

    private static void awaitEveryPumpPast(List<Pump> pumps, long rounds) {
        for (Pump p : pumps) {
            awaitPast(pumps, p, rounds + 1);
        }
    }

    /** Waits until {@code p} has finished {@code rounds}; fails at once if any pump failed. */
    private static void awaitPast(List<Pump> pumps, Pump p, long rounds) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (Pump q : pumps) {
                if (q.failure.get() != null) {
                    throw new AssertionError("session " + q.index + " failed", q.failure.get());
                }
            }
            return p.rounds.get() >= rounds;
        });
    }

    /** Echo rounds on one session: write a chunk, read it back, compare. Returns the bytes carried each way. */
    private static final class Pump implements java.util.concurrent.Callable<Long> {
        static final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final int index;
        final ScriptedSocksClient client;
        final AtomicLong rounds = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Pump(int index, ScriptedSocksClient client) {
            this.index = index;
            this.client = client;
        }

        @Override
        public Long call() throws IOException {
            SplittableRandom random = new SplittableRandom(index);
            byte[] chunk = new byte[CHUNK];
            long bytes = 0;
            try {
                while (!stop.get()) {
                    random.nextBytes(chunk);
                    client.out().write(chunk);
                    client.out().flush();
                    byte[] back = client.in().readNBytes(CHUNK);
                    if (!Arrays.equals(back, chunk)) {
                        throw new IOException("round " + rounds.get() + ": " + back.length + " bytes back, not as sent");
                    }
                    bytes += CHUNK;
                    rounds.incrementAndGet();
                }
                return bytes;
            } catch (IOException | RuntimeException e) {
                failure.set(e);
                throw e;
            }
        }
    }
}
