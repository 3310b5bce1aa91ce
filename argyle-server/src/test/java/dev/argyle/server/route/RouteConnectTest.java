package dev.argyle.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.auth.PasswordHasher;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONNECT through upstream routes, end to end on loopback: a front Argyle server whose routes send requests
 * through other Argyle servers (the hops), whose own sessions prove the traffic went through them.
 */
class RouteConnectTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<AutoCloseable> open = new ArrayList<>();
    private EchoServer echo;

    @TempDir
    Path dir;

    @BeforeEach
    void startEcho() throws Exception {
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        echo.close();
    }

    private RunningServer hop() throws Exception {
        return keep(RunningServer.start());
    }

    private RunningServer hop(FakeResolver resolver) throws Exception {
        return keep(RunningServer.start(RunningServer.config(AuthMode.NONE, null), resolver));
    }

    /** A hop that wants user alice, password "s3cret pw". */
    private RunningServer passwordHop() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "alice:" + PasswordHasher.hash("s3cret pw".toCharArray()) + "\n");
        return keep(RunningServer.start(RunningServer.config(AuthMode.PASSWORD, users)));
    }

    /** The front server with {@code routesYaml} (the text under {@code routes:}). */
    private RunningServer front(String routesYaml, FakeResolver resolver) throws Exception {
        var routes = ConfigLoader.parse("routes:\n" + routesYaml, "test").routes();
        return keep(RunningServer.start(RunningServer.config(AuthMode.NONE, null).withRoutes(routes), resolver));
    }

    private RunningServer keep(RunningServer s) {
        open.add(s);
        return s;
    }

    private static String at(RunningServer s) {
        return "127.0.0.1:" + s.port();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static void assertEchoes(ScriptedSocksClient c) throws Exception {
        byte[] data = "through the chain".getBytes(StandardCharsets.US_ASCII);
        assertThat(c.echo(data)).isEqualTo(data);
    }

    @Test
    void oneHopCarriesTheConnectionAndTheAccessLogNamesTheRoute() throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - name: one
                    to: ["127.0.0.1"]
                    via: ["socks5://%s"]
                """.formatted(at(hop)), new FakeResolver());
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c);
        }
        Session upstream = hop.sessions().next();
        assertThat(upstream.requested()).isEqualTo(SocksAddress.of(echo.address()));
        assertThat(upstream.bytesUp()).isEqualTo("through the chain".length());
        Session s = front.sessions().next();
        assertThat(s.route()).isEqualTo("one");
        assertThat(AccessLog.format(s)).contains(" route=one ", "reply=0x00");
        assertThat(s.bytesDown()).isEqualTo("through the chain".length());
    }

    @Test
    void threeMixedHopsWithAPasswordHopPassTheNameToTheLastHop() throws Exception {
        RunningServer a = hop();
        RunningServer b = passwordHop();
        RunningServer c = hop(new FakeResolver().map("echo.test", LOOPBACK)); // only the last hop knows the name
        RunningServer front = front("""
                  - name: lab
                    to: ["*.test"]
                    via: ["socks4a://%s", "socks5h://alice:s3cret%%20pw@%s", "socks5h://%s"]
                """.formatted(at(a), at(b), at(c)), new FakeResolver());
        try (ScriptedSocksClient client = new ScriptedSocksClient(front.address())) {
            assertThat(client.connect5(SocksAddress.domain("echo.test", echo.port())).reply())
                    .isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(client);
        }
        assertThat(a.sessions().next().requested()).isEqualTo(SocksAddress.of(b.address()));
        Session viaB = b.sessions().next();
        assertThat(viaB.user()).isEqualTo("alice");
        assertThat(viaB.requested()).isEqualTo(SocksAddress.of(c.address()));
        assertThat(c.sessions().next().requested()).isEqualTo(SocksAddress.domain("echo.test", echo.port()));
        Session s = front.sessions().next();
        assertThat(s.route()).isEqualTo("lab");
        assertThat(AccessLog.format(s)).doesNotContain("s3cret");
    }

    @Test
    void aSocks5LastHopGetsTheAddressResolvedHereAndSocks4ClientsWorkToo() throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - via: ["socks5://%s"]
                """.formatted(at(hop)), new FakeResolver().map("echo.test", LOOPBACK));
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            Socks4Reply reply = c.connect4(SocksAddress.domain("echo.test", echo.port()), "");
            assertThat(reply.status().isGranted()).isTrue();
            assertEchoes(c);
        }
        assertThat(hop.sessions().next().requested()).isEqualTo(SocksAddress.of(echo.address()));
        assertThat(front.sessions().next().route()).isEqualTo("routes#1");
    }

    @Test
    void failoverTriesTheNextChainWhenAHopIsDown() throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - name: fo
                    chains:
                      - ["socks5://127.0.0.1:%d"]
                      - ["socks5://%s"]
                    hop-connect-timeout: 2s
                """.formatted(closedPort(), at(hop)), new FakeResolver());
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c);
        }
        assertThat(hop.sessions().next().requested()).isEqualTo(SocksAddress.of(echo.address()));
        Session s = front.sessions().next();
        assertThat(s.route()).isEqualTo("fo#2");
        assertThat(s.error()).isNull();
    }

    @Test
    void allChainsDownGivesTheMappedReplyAndNamesTheHop() throws Exception {
        int down1 = closedPort();
        int down2 = closedPort();
        RunningServer front = front("""
                  - name: dead
                    chains: [["socks5://127.0.0.1:%d"], ["socks5://u:topsecret@127.0.0.1:%d"]]
                """.formatted(down1, down2), new FakeResolver());
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.CONNECTION_REFUSED);
        }
        Session s = front.sessions().next();
        assertThat(s.reply()).isEqualTo("0x05");
        assertThat(s.error()).contains("dead#2", "hop 1/1", "127.0.0.1:" + down2).doesNotContain("topsecret");
    }

    @Test
    void theLastHopsFailureReplyPassesThrough() throws Exception {
        RunningServer a = hop();
        RunningServer b = hop();
        RunningServer front = front("""
                  - via: ["socks5://%s", "socks5://%s"]
                """.formatted(at(a), at(b)), new FakeResolver());
        int refused = closedPort();
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            assertThat(c.connect5(SocksAddress.of(LOOPBACK, refused)).reply()).isEqualTo(ReplyCode.CONNECTION_REFUSED);
        }
        assertThat(b.sessions().next().reply()).isEqualTo("0x05");
        assertThat(front.sessions().next().error()).contains("hop 2/2", "0x05");
    }

    @Test
    void aWrongHopPasswordFailsWithGeneralFailure() throws Exception {
        RunningServer b = passwordHop();
        RunningServer front = front("""
                  - via: ["socks5://alice:wrong@%s"]
                """.formatted(at(b)), new FakeResolver());
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
        }
        assertThat(front.sessions().next().error()).contains("rejected").doesNotContain("wrong");
    }

    @Test
    void requestsNoRouteMatchesGoDirect() throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - name: web
                    ports: [443]
                    via: ["socks5://%s"]
                """.formatted(at(hop)), new FakeResolver());
        try (ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c);
        }
        assertThat(front.sessions().next().route()).isEqualTo("direct");
        assertThat(hop.sessions().openedCount()).isZero();
    }
}
