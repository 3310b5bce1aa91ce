package dev.argyle.server.clients;

import static dev.argyle.server.clients.ClientSupport.PASSWORD;
import static dev.argyle.server.clients.ClientSupport.PROXY_ONLY_NAME;
import static dev.argyle.server.clients.ClientSupport.UNKNOWN_NAME;
import static dev.argyle.server.clients.ClientSupport.USER;
import static dev.argyle.server.clients.ClientSupport.assertConnect;
import static dev.argyle.server.clients.ClientSupport.assertRelayed;
import static dev.argyle.server.clients.ClientSupport.describe;
import static dev.argyle.server.clients.ClientSupport.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.argyle.protocol.AddressType;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * curl (7.88, Debian 12) through Argyle with each of its SOCKS modes. Each test checks both what curl printed
 * and the session the server recorded, so a test cannot pass by curl quietly connecting direct.
 *
 * <p>What curl puts on the wire, as observed here: {@code --socks5-hostname} sends an IP literal (v4 or v6)
 * as an address (ATYP 1/4), not as a name; {@code --socks4a} sends even an IP literal as a SOCKS4a name
 * ("127.0.0.1" after 0.0.0.1), so the proxy's resolver sees it; {@code --socks4} with an IPv6 target connects
 * to the proxy, then closes without sending a byte ("SOCKS4 connection to ::1 not supported"). curl resolves
 * {@code localhost} itself in every mode. Every proxy-side failure is exit code 97.
 */
class CurlClientTest {
    private static final String LOOPBACK = "127.0.0.1";
    /** CURLE_PROXY: curl's exit code for every failure reported by (or while talking to) the proxy. */
    private static final int CURLE_PROXY = 97;

    private static String curl;
    private HttpTarget target;

    @BeforeAll
    static void requireCurl() {
        curl = ExternalProgram.require("curl", "curl");
    }

    @BeforeEach
    void startTarget() throws IOException {
        target = new HttpTarget(InetAddress.getByName(LOOPBACK));
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    /**
     * The server here uses the system resolver, because curl's {@code --socks4a} hands the IP literal to the
     * proxy as a name (see the class comment) and only a real resolver turns "127.0.0.1" into an address.
     */
    @ParameterizedTest(name = "{0} to an IP literal")
    @CsvSource({"--socks4, 4", "--socks4a, 4", "--socks5, 5", "--socks5-hostname, 5"})
    void ipLiteralDestination(String mode, int version) throws Exception {
        try (RunningServer server = RunningServer.start()) {
            String path = "/ip" + mode;
            ExternalProgram.Result r = curl(mode, proxy(server), target.url(LOOPBACK, path));

            assertThat(r.exitCode()).as("curl %s: %s", mode, r).isZero();
            assertThat(r.stdout()).as("curl %s: %s", mode, r).isEqualTo(HttpTarget.BODY + path);
            assertThat(target.requests()).isEqualTo(1);
            assertRelayed(sessionOf(server), version, LOOPBACK, target.port());
        }
    }

    @ParameterizedTest(name = "{0} passes a name only the proxy knows")
    @ValueSource(strings = {"--socks4a", "--socks5-hostname"})
    void proxyResolvesTheName(String mode) throws Exception {
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = curl(mode, proxy(server), target.url(PROXY_ONLY_NAME, "/name"));

            assertThat(r.exitCode()).as("curl %s: %s", mode, r).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/name");
            Session s = sessionOf(server);
            assertRelayed(s, mode.equals("--socks4a") ? 4 : 5, PROXY_ONLY_NAME, target.port());
            assertThat(s.requested().isDomain()).as("name sent to the proxy: %s", describe(s)).isTrue();
            assertThat(s.resolved()).isEqualTo(target.address());
        }
    }

    @Test
    void socks5hUrlWithPasswordSucceeds(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(dir),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = curl("--proxy", proxyUrl(server, USER + ":" + PASSWORD + "@"),
                    target.url(PROXY_ONLY_NAME, "/auth"));

            assertThat(r.exitCode()).as("curl: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/auth");
            Session s = sessionOf(server);
            assertRelayed(s, 5, PROXY_ONLY_NAME, target.port());
            assertThat(s.authMethod()).isEqualTo("password");
            assertThat(s.user()).isEqualTo(USER);
        }
    }

    @Test
    void wrongPasswordFails(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(dir),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = curl("--proxy", proxyUrl(server, USER + ":wrong-password@"),
                    target.url(PROXY_ONLY_NAME, "/auth"));

            assertThat(r.exitCode()).as("curl: %s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("User was rejected by the SOCKS5 server");
            Session s = sessionOf(server);
            assertThat(s.user()).isEqualTo(USER);
            assertThat(s.error()).as(describe(s)).contains("authentication");
            assertThat(s.requested()).as("no request after a failed login: %s", describe(s)).isNull();
            assertThat(target.requests()).isZero();
        }
    }

    /** curl without credentials offers only "no authentication" (and GSS-API), which a password listener refuses. */
    @Test
    void noCredentialsAgainstPasswordListenerFails(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(dir),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = curl("--socks5-hostname", proxy(server), target.url(PROXY_ONLY_NAME, "/"));

            assertThat(r.exitCode()).as("curl: %s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("No authentication method was acceptable");
            Session s = sessionOf(server);
            assertThat(s.version()).isEqualTo(5);
            assertThat(s.error()).as(describe(s)).contains("no acceptable method");
            assertThat(s.requested()).isNull();
            assertThat(target.requests()).isZero();
        }
    }

    @Test
    void ipv6Destination() throws Exception {
        assumeTrue(ipv6LoopbackConfigured(), "::1 is not configured on this machine");
        try (RunningServer server = RunningServer.start();
             HttpTarget v6 = new HttpTarget(InetAddress.getByName("::1"))) {
            ExternalProgram.Result r = curl("--socks5", proxy(server), v6.url("[::1]", "/v6"));

            assertThat(r.exitCode()).as("curl: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/v6");
            Session s = sessionOf(server);
            assertThat(s.requested().type()).as(describe(s)).isEqualTo(AddressType.IPV6);
            assertRelayed(s, 5, s.requested().host(), v6.port());
            assertThat(s.requested().address()).isEqualTo(InetAddress.getByName("::1"));
            assertThat(v6.requests()).isEqualTo(1);
        }
    }

    @Test
    void refusedDestinationGivesReply05() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            int closed = ClientSupport.closedPort();
            ExternalProgram.Result r = curl("--socks5", proxy(server), "http://127.0.0.1:" + closed + "/");

            assertThat(r.exitCode()).as("curl: %s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("Can't complete SOCKS5 connection to 127.0.0.1. (5)");
            Session s = sessionOf(server);
            assertConnect(s, 5, LOOPBACK, closed, "0x05");
            assertThat(s.error()).as(describe(s)).containsIgnoringCase("refused");
        }
    }

    @Test
    void unresolvableNameGivesReply04() throws Exception {
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = curl("--socks5-hostname", proxy(server), target.url(UNKNOWN_NAME, "/"));

            assertThat(r.exitCode()).as("curl: %s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("Can't complete SOCKS5 connection to " + UNKNOWN_NAME + ". (4)");
            Session s = sessionOf(server);
            assertConnect(s, 5, UNKNOWN_NAME, target.port(), "0x04");
            assertThat(s.requested().isDomain()).isTrue();
            assertThat(target.requests()).isZero();
        }
    }

    /** Runs curl quietly (errors still on stderr) with a bounded time, ignoring proxy environment variables. */
    private static ExternalProgram.Result curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(curl, "-sS", "--max-time", "20", "--noproxy", ""));
        cmd.addAll(List.of(args));
        return ClientSupport.run(cmd);
    }

    private static String proxy(RunningServer server) {
        InetSocketAddress a = server.address();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String proxyUrl(RunningServer server, String userInfo) {
        return "socks5h://" + userInfo + proxy(server);
    }

    static boolean ipv6LoopbackConfigured() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
