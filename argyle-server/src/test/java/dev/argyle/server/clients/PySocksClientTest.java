package dev.argyle.server.clients;

import static dev.argyle.server.clients.ClientSupport.PASSWORD;
import static dev.argyle.server.clients.ClientSupport.PROXY_ONLY_NAME;
import static dev.argyle.server.clients.ClientSupport.USER;
import static dev.argyle.server.clients.ClientSupport.assertRelayed;
import static dev.argyle.server.clients.ClientSupport.describe;
import static dev.argyle.server.clients.ClientSupport.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PySocks (Debian's python3-socks 1.7.1) through Argyle to an echo server. It is importable only from Debian's
 * {@code /usr/bin/python3}, not from a pyenv or venv Python earlier on the PATH, so the path is fixed.
 *
 * <p>With {@code rdns=True} PySocks sends names (even {@code localhost}) to the proxy, but IP literals as
 * addresses, for SOCKS4 (as SOCKS4a) and SOCKS5 alike.
 */
class PySocksClientTest {
    private static final String PYTHON = "/usr/bin/python3";

    /**
     * argv: socks version (4 or 5), proxy port, host, port, rdns (0/1), message, [user, password]. Sends the
     * message, shuts down its write side, prints everything read until EOF; on a failure prints the exception to
     * stderr and exits 2.
     */
    private static final String SCRIPT = """
            import socket, sys
            import socks
            version, proxy_port, host, port, rdns, message = sys.argv[1:7]
            user, password = (sys.argv[7], sys.argv[8]) if len(sys.argv) > 8 else (None, None)
            s = socks.socksocket()
            s.set_proxy(socks.SOCKS5 if version == "5" else socks.SOCKS4, "127.0.0.1", int(proxy_port),
                        rdns=(rdns == "1"), username=user, password=password)
            s.settimeout(20)
            try:
                s.connect((host, int(port)))
                s.sendall(message.encode())
                s.shutdown(socket.SHUT_WR)
                received = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    received += chunk
            except Exception as e:
                print(type(e).__name__ + ": " + str(e), file=sys.stderr)
                sys.exit(2)
            finally:
                s.close()
            sys.stdout.write(received.decode())
            """;

    @TempDir
    static Path dir;
    private static Path script;
    private EchoServer echo;

    @BeforeAll
    static void requirePySocks() throws Exception {
        ExternalProgram.Result probe = ExternalProgram.run(ClientSupport.DEADLINE,
                List.of(PYTHON, "-c", "import socks"));
        assertThat(probe.exitCode())
                .as("PySocks is not importable from %s: apt-get install python3-socks (.ci/run installs it); %s",
                        PYTHON, probe)
                .isZero();
        script = dir.resolve("pysocks_echo.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startEcho() throws IOException {
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void socks5() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = pysocks(server, "5", "127.0.0.1", false, "hello socks5");

            assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("hello socks5");
            assertRelayed(sessionOf(server), 5, "127.0.0.1", echo.port());
        }
    }

    @Test
    void socks4() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = pysocks(server, "4", "127.0.0.1", false, "hello socks4");

            assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("hello socks4");
            assertRelayed(sessionOf(server), 4, "127.0.0.1", echo.port());
        }
    }

    @Test
    void socks4aWithRemoteDns() throws Exception {
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = pysocks(server, "4", PROXY_ONLY_NAME, true, "hello socks4a");

            assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("hello socks4a");
            Session s = sessionOf(server);
            assertRelayed(s, 4, PROXY_ONLY_NAME, echo.port());
            assertThat(s.requested().isDomain()).as(describe(s)).isTrue();
        }
    }

    @Test
    void socks5WithPasswordAndRemoteDns(@TempDir Path users) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(users),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = pysocks(server, "5", PROXY_ONLY_NAME, true, "hello with password",
                    USER, PASSWORD);

            assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("hello with password");
            Session s = sessionOf(server);
            assertRelayed(s, 5, PROXY_ONLY_NAME, echo.port());
            assertThat(s.requested().isDomain()).as(describe(s)).isTrue();
            assertThat(s.authMethod()).isEqualTo("password");
            assertThat(s.user()).isEqualTo(USER);
        }
    }

    @Test
    void socks5WrongPasswordIsRefused(@TempDir Path users) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(users),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = pysocks(server, "5", PROXY_ONLY_NAME, true, "never sent",
                    USER, "not-the-password");

            assertThat(r.exitCode()).as("pysocks: %s", r).isEqualTo(2);
            assertThat(r.stderr()).contains("SOCKS5 authentication failed");
            Session s = sessionOf(server);
            assertThat(s.error()).as(describe(s)).contains("authentication");
            assertThat(s.requested()).isNull();
            assertThat(echo.accepted()).isZero();
        }
    }

    private ExternalProgram.Result pysocks(RunningServer server, String version, String host, boolean rdns,
                                           String message, String... credentials)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), version,
                Integer.toString(server.port()), host, Integer.toString(echo.port()), rdns ? "1" : "0", message));
        cmd.addAll(List.of(credentials));
        return ClientSupport.run(cmd);
    }
}
