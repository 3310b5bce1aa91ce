package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.config.LimitsConfig;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.LogFormat;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.limit.Limit;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ArgyleServer#reload}: new sessions get the new policy, sessions accepted before keep theirs, a config
 * that cannot be used changes nothing, and the session limits go on counting across a reload.
 */
class ReloadTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void newSessionsGetTheNewRulesWhileAnEstablishedSessionGoesOn() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            SocksAddress dst = SocksAddress.of(echo.address());
            ScriptedSocksClient before = relaying(server, dst);
            // Accepted and greeted before the reload, its request sent after: it keeps the policy of its accept.
            ScriptedSocksClient greeted = greeted(server);

            ReloadOutcome outcome = server.server().reload(blocking(server, echo.port()));
            assertThat(outcome.generation()).isEqualTo(2);
            assertThat(outcome.notApplied()).isEmpty();

            assertThat(refusedReply(server, dst)).isEqualTo(ReplyCode.NOT_ALLOWED);
            assertThat(closedWith(server, "no-echo").reply()).isEqualTo("0x02");
            greeted.send(new Socks5Request(Command.CONNECT, dst));
            assertThat(greeted.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(greeted, "accepted under the old rules");
            assertEchoes(before, "still relayed after the reload");

            server.server().reload(RunningServer.config(AuthMode.NONE, null));
            relaying(server, dst).close();
            before.close();
            greeted.close();
            awaitNoChannels(server);
        }
    }

    @Test
    void aConfigThatFailsValidationChangesNothing() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            SocksAddress dst = SocksAddress.of(echo.address());
            server.server().reload(blocking(server, echo.port()));
            ServerConfig blocked = server.server().config();

            ServerConfig badTimeout = RunningServer.config(AuthMode.NONE, null)
                    .withTimeouts(server.server().config().timeouts().withHandshake(Duration.ZERO));
            assertThatThrownBy(() -> server.server().reload(badTimeout)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("timeouts.handshake");

            assertThat(server.server().config()).isSameAs(blocked);
            assertThat(refusedReply(server, dst)).as("the rules of policy 2 still apply").isEqualTo(ReplyCode.NOT_ALLOWED);
            assertThat(server.server().reload(RunningServer.config(AuthMode.NONE, null)).generation())
                    .as("failed reloads do not count").isEqualTo(3);
        }
    }

    @Test
    void aUserAddedToTheUsersFileCanLogInAfterTheReload(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, "alice", "secret".toCharArray());
        ServerConfig config = RunningServer.config(AuthMode.PASSWORD, users);
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            ScriptedSocksClient alice = relaying(server, dst, "alice", "secret");
            try (ScriptedSocksClient bob = new ScriptedSocksClient(server.address())) {
                assertThatThrownBy(() -> bob.connect5(dst, "bob", "hunter2")).hasMessageContaining("authentication failed");
            }

            UsersFile.setPassword(users, "bob", "hunter2".toCharArray());
            server.server().reload(config);

            relaying(server, dst, "bob", "hunter2").close();
            assertEchoes(alice, "alice is still here");

            // A users file that cannot be read is refused as a whole: the users loaded before stay.
            Files.writeString(users, "carol-without-a-hash\n", java.nio.file.StandardOpenOption.APPEND);
            assertThatThrownBy(() -> server.server().reload(config)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("line 3");
            relaying(server, dst, "bob", "hunter2").close();
            alice.close();
            awaitNoChannels(server);
        }
    }

    @Test
    void theSessionLimitsCountSessionsOpenedBeforeTheReload() throws Exception {
        ServerConfig two = RunningServer.config(AuthMode.NONE, null).withLimits(new LimitsConfig(2, 0, 0, 0));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(two)) {
            SocksAddress dst = SocksAddress.of(echo.address());
            ScriptedSocksClient a = relaying(server, dst);
            ScriptedSocksClient b = relaying(server, dst);

            // Raised: the two open sessions still count, so one more fits and the next does not.
            server.server().reload(two.withLimits(new LimitsConfig(3, 0, 0, 0)));
            ScriptedSocksClient c = relaying(server, dst);
            assertClosedAtOnce(server);
            assertThat(server.server().limitCounters().refused(Limit.SESSIONS)).isEqualTo(1);

            // Lowered below what is open: nobody new until the sessions from before the reload have closed.
            server.server().reload(two.withLimits(new LimitsConfig(1, 0, 0, 0)));
            a.close();
            b.close();
            awaitOpenChannels(server, 2);
            assertClosedAtOnce(server);
            c.close();
            awaitNoChannels(server);
            relaying(server, dst).close();
            assertThat(server.server().limitCounters().refused(Limit.SESSIONS)).isEqualTo(2);
            awaitNoChannels(server);
        }
    }

    @Test
    void changedListenersAreReportedAndNotRebound() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            InetSocketAddress elsewhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port() + 1);
            ServerConfig moved = ServerConfig.defaults().withListeners(
                    List.of(new ListenerConfig(elsewhere, AuthMode.NONE, false)));

            ReloadOutcome outcome = server.server().reload(moved);

            assertThat(outcome.notApplied()).containsExactly("listeners");
            assertThat(outcome.describe()).contains("not applied until a restart: listeners");
            assertThat(server.server().boundAddresses()).containsExactly(server.address());
            assertThat(server.server().config().listeners()).extracting(ListenerConfig::address)
                    .containsExactly(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            relaying(server, SocksAddress.of(echo.address())).close();
        }
    }

    @Test
    void aChangedLogFormatIsReportedAndKept() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            ServerConfig json = server.server().config().withLogFormat(LogFormat.JSON);

            ReloadOutcome outcome = server.server().reload(json);

            assertThat(outcome.notApplied()).containsExactly("log-format");
            assertThat(server.server().config().logFormat()).isEqualTo(LogFormat.TEXT);
            relaying(server, SocksAddress.of(echo.address())).close();
        }
    }

    @Test
    void changedEventLoopsAreReportedAndKept() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            int loops = server.server().eventLoopCount();
            ServerConfig more = server.server().config().withEventLoops(EventLoopConfig.defaults().withThreads(loops + 3));

            ReloadOutcome outcome = server.server().reload(more);

            assertThat(outcome.notApplied()).containsExactly("event-loops");
            assertThat(server.server().config().eventLoops()).isEqualTo(EventLoopConfig.defaults());
            assertThat(server.server().eventLoopCount()).isEqualTo(loops);
            relaying(server, SocksAddress.of(echo.address())).close();

            // Spelling out what the server already runs on is no change.
            ServerConfig same = server.server().config().withEventLoops(
                    EventLoopConfig.defaults().withThreads(loops).withSpin(Duration.ZERO));
            assertThat(server.server().reload(same).notApplied()).isEmpty();
        }
    }

    @Test
    void aReloadThatDropsTheUsersFileOfAKeptPasswordListenerIsRefused(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, "alice", "secret".toCharArray());
        ServerConfig config = RunningServer.config(AuthMode.PASSWORD, users);
        try (RunningServer server = RunningServer.start(config)) {
            // The new file asks for a no-auth listener, which is not applied: the kept one still needs users.
            ServerConfig noAuth = RunningServer.config(AuthMode.NONE, null);
            assertThatThrownBy(() -> server.server().reload(noAuth)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("users-file");
            assertThat(server.server().config()).isEqualTo(config);
        }
    }

    /** The running server's config with one request rule, named no-echo, that blocks {@code port}. */
    static ServerConfig blocking(RunningServer server, int port) throws ConfigException {
        ServerConfig rules = ConfigLoader.parse("""
                rules:
                  requests:
                    - name: no-echo
                      action: block
                      ports: "%d"
                    - action: pass
                """.formatted(port), "reload.yaml");
        return server.server().config().withRules(rules.rules());
    }

    static ScriptedSocksClient relaying(RunningServer server, SocksAddress dst) throws IOException {
        return relaying(server, dst, null, null);
    }

    static ScriptedSocksClient relaying(RunningServer server, SocksAddress dst, String user, String password)
            throws IOException {
        ScriptedSocksClient c = new ScriptedSocksClient(server.address());
        try {
            ReplyCode reply = user == null ? c.connect5(dst).reply() : c.connect5(dst, user, password).reply();
            assertThat(reply).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c, "hello");
            return c;
        } catch (IOException | RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    private static ScriptedSocksClient greeted(RunningServer server) throws IOException {
        ScriptedSocksClient c = new ScriptedSocksClient(server.address());
        c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
        assertThat(c.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_AUTH);
        return c;
    }

    private static ReplyCode refusedReply(RunningServer server, SocksAddress dst) throws IOException {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            return c.connect5(dst).reply();
        }
    }

    private static void assertEchoes(ScriptedSocksClient c, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(c.echo(bytes)).isEqualTo(bytes);
    }

    private static void assertClosedAtOnce(RunningServer server) throws IOException {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /** The next ended session decided by the rule named {@code rule}. */
    private static Session closedWith(RunningServer server, String rule) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Session s = server.sessions().next(DEADLINE);
            if (rule.equals(s.rule())) {
                return s;
            }
        }
        throw new AssertionError("no session decided by rule " + rule);
    }

    private static void awaitOpenChannels(RunningServer server, int n) {
        Awaitility.await().atMost(DEADLINE).until(() -> server.server().openChannels() == n);
    }

    private static void awaitNoChannels(RunningServer server) {
        awaitOpenChannels(server, 0);
    }
}
