package dev.argyle.server.clients;

import static dev.argyle.server.clients.ClientSupport.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.IdentConfig;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.FakeIdentd;
import dev.argyle.testkit.HttpTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * curl's SOCKS4 client against a listener with {@code ident: verify} and a {@link FakeIdentd}. curl sends the
 * proxy user name as USERID ({@code socks4://alice@host}, or {@code --proxy-user alice:}), an empty USERID
 * otherwise (observed here with curl 7.88), and names the SOCKS4 ident replies in its error messages.
 */
class CurlIdentTest {
    private static final int CURLE_PROXY = 97;
    private static String curl;
    private HttpTarget target;
    private FakeIdentd identd;

    @BeforeAll
    static void requireCurl() {
        curl = ExternalProgram.require("curl", "curl");
    }

    @BeforeEach
    void startTarget() throws IOException {
        target = new HttpTarget(InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void stop() throws IOException {
        target.close();
        if (identd != null) {
            identd.close();
        }
    }

    private static RunningServer server(int identPort) throws IOException {
        ServerConfig c = RunningServer.config(AuthMode.NONE, null);
        return RunningServer.start(c.withListeners(List.of(c.listeners().get(0).withIdent(
                new IdentConfig(IdentMode.VERIFY, identPort, Duration.ofSeconds(2))))));
    }

    private ExternalProgram.Result curl(RunningServer server, String user) throws Exception {
        String proxy = "socks4://" + user + "@127.0.0.1:" + server.port();
        return ClientSupport.run(List.of(curl, "-sS", "--max-time", "20", "--noproxy", "", "--proxy", proxy,
                target.url("127.0.0.1", "/ident")));
    }

    @Test
    void identdConfirmingCurlsUserLetsTheRequestThrough() throws Exception {
        identd = FakeIdentd.user("alice");
        try (RunningServer server = server(identd.port())) {
            ExternalProgram.Result r = curl(server, "alice");
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/ident");
            Session s = sessionOf(server);
            assertThat(s.reply()).isEqualTo("0x5a");
            assertThat(s.ident()).isEqualTo("alice");
            assertThat(identd.nextQuery(5000).portOnClient()).isEqualTo(server.port());
        }
    }

    @Test
    void identdNamingAnotherUserGets5dAndCurlSaysSo() throws Exception {
        identd = FakeIdentd.user("bob");
        try (RunningServer server = server(identd.port())) {
            ExternalProgram.Result r = curl(server, "alice");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("different user-ids");
            assertThat(sessionOf(server).reply()).isEqualTo("0x5d");
            assertThat(target.requests()).isZero();
        }
    }

    @Test
    void noIdentdGets5cAndCurlSaysSo() throws Exception {
        try (RunningServer server = server(FakeIdentd.closedPort())) {
            ExternalProgram.Result r = curl(server, "alice");
            assertThat(r.exitCode()).as("%s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("identd");
            assertThat(sessionOf(server).reply()).isEqualTo("0x5c");
            assertThat(target.requests()).isZero();
        }
    }
}
