package dev.argyle.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.LimitsConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each limit against a running server with real clients: the session over the limit is refused and its
 * session error names the limit, the counter counts it, and once the earlier sessions close new ones succeed
 * and no channel is left open.
 */
class SessionLimitsIntegrationTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void theTotalLimitClosesTheNextClientAndRecovers() throws Exception {
        ServerConfig config = RunningServer.config(AuthMode.NONE, null).withLimits(new LimitsConfig(2, 0, 0, 0));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            ScriptedSocksClient one = relaying(server, dst);
            ScriptedSocksClient two = relaying(server, dst);

            assertClosedAtOnce(server);
            Session refused = refusedSession(server);
            assertThat(refused.error()).isEqualTo("limit: sessions in total (max-sessions 2)");
            assertThat(refused.reply()).as("no reply was sent").isEqualTo("-");
            assertThat(server.server().limitCounters().refused(Limit.SESSIONS)).isEqualTo(1);

            one.close();
            awaitOpenSessions(server, 1);
            relaying(server, dst).close();
            two.close();
            assertNoLeak(server);
        }
    }

    @Test
    void thePerClientLimitClosesTheNextClientAndRecovers() throws Exception {
        ServerConfig config = RunningServer.config(AuthMode.NONE, null).withLimits(new LimitsConfig(0, 1, 0, 0));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            ScriptedSocksClient one = relaying(server, dst);

            assertClosedAtOnce(server);
            assertClosedAtOnce(server);
            assertThat(refusedSession(server).error())
                    .isEqualTo("limit: sessions per client address (max-sessions-per-client 1)");
            assertThat(server.server().limitCounters().refused(Limit.SESSIONS_PER_CLIENT)).isEqualTo(2);

            one.close();
            awaitOpenSessions(server, 0);
            relaying(server, dst).close();
            assertNoLeak(server);
        }
    }

    @Test
    void theRateLimitRefusesABurstAndRefills() throws Exception {
        ServerConfig config = RunningServer.config(AuthMode.NONE, null).withLimits(new LimitsConfig(0, 0, 0, 2));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            relaying(server, dst).close();
            relaying(server, dst).close();

            assertClosedAtOnce(server);
            assertThat(refusedSession(server).error()).isEqualTo(
                    "limit: new sessions per second per client address (new-sessions-per-second-per-client 2)");
            assertThat(server.server().limitCounters().refused(Limit.NEW_SESSIONS_PER_SECOND)).isEqualTo(1);

            // Two tokens a second: within the deadline a new session is admitted again.
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        relaying(server, dst).close();
                        return true;
                    });
            assertNoLeak(server);
        }
    }

    @Test
    void thePerUserLimitRefusesTheRequestAndRecovers(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, "alice", "secret".toCharArray());
        UsersFile.setPassword(users, "bob", "hunter2".toCharArray());
        ServerConfig config = RunningServer.config(AuthMode.PASSWORD, users).withLimits(new LimitsConfig(0, 0, 1, 0));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            ScriptedSocksClient alice = relaying(server, dst, "alice", "secret");

            try (ScriptedSocksClient again = new ScriptedSocksClient(server.address())) {
                assertThat(again.connect5(dst, "alice", "secret").reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            }
            Session refused = refusedSession(server);
            assertThat(refused.user()).isEqualTo("alice");
            assertThat(refused.reply()).isEqualTo("0x02");
            assertThat(refused.error()).isEqualTo("limit: sessions per user (max-sessions-per-user 1)");
            assertThat(server.server().limitCounters().refused(Limit.SESSIONS_PER_USER)).isEqualTo(1);
            relaying(server, dst, "bob", "hunter2").close(); // another user is not affected

            alice.close();
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        relaying(server, dst, "alice", "secret").close();
                        return true;
                    });
            assertThat(server.server().limitCounters().refused()).isEqualTo(
                    server.server().limitCounters().refused(Limit.SESSIONS_PER_USER));
            assertNoLeak(server);
        }
    }

    /** A SOCKS5 CONNECT that succeeded and echoes, left open. */
    private static ScriptedSocksClient relaying(RunningServer server, SocksAddress dst) throws IOException {
        return relaying(server, dst, null, null);
    }

    private static ScriptedSocksClient relaying(RunningServer server, SocksAddress dst, String user, String password)
            throws IOException {
        ScriptedSocksClient c = new ScriptedSocksClient(server.address());
        try {
            ReplyCode reply = user == null ? c.connect5(dst).reply() : c.connect5(dst, user, password).reply();
            assertThat(reply).isEqualTo(ReplyCode.SUCCEEDED);
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            assertThat(c.echo(hello)).isEqualTo(hello);
            return c;
        } catch (IOException | RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** A client over an accept-time limit: closed without a reply, before it sends a byte. */
    private static void assertClosedAtOnce(RunningServer server) throws IOException {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /** The next ended session whose error names a limit (sessions closed by the test itself are skipped). */
    private static Session refusedSession(RunningServer server) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Session s = server.sessions().next(DEADLINE);
            if (s.error() != null && s.error().startsWith("limit:")) {
                return s;
            }
        }
        throw new AssertionError("no session refused by a limit");
    }

    private static void awaitOpenSessions(RunningServer server, int n) {
        // Client channels only: each relaying session also has an outbound channel.
        Awaitility.await().atMost(DEADLINE).until(() -> server.server().openChannels() == 2 * n);
    }

    private static void assertNoLeak(RunningServer server) {
        awaitOpenSessions(server, 0);
        List<Session> rest = server.sessions().drain();
        assertThat(rest).allSatisfy(s -> assertThat(s.error() == null || !s.error().contains("Exception")).isTrue());
    }
}
