package dev.argyle.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.UdpEchoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PySocks (Debian's python3-socks 1.7.1, importable only from {@code /usr/bin/python3}) through a UDP
 * association to a UDP echo server. PySocks associates with {@code 0.0.0.0:<its port>} (with rdns, the name
 * {@code "0"}), so this is also the
 * learned-source path with a real client; it reads the reply's header to report each reply's source.
 */
class PySocksUdpTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PROXY_ONLY_NAME = "argyle-udp-target.test";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** argv: proxy port, host, port, rdns (0/1), message. Three round trips; prints "payload host port" each. */
    private static final String SCRIPT = """
            import socket, sys
            import socks
            proxy_port, host, port, rdns, message = sys.argv[1:6]
            s = socks.socksocket(socket.AF_INET, socket.SOCK_DGRAM)
            s.set_proxy(socks.SOCKS5, "127.0.0.1", int(proxy_port), rdns=(rdns == "1"))
            s.settimeout(10)
            try:
                for i in range(3):
                    s.sendto((message + " " + str(i)).encode(), (host, int(port)))
                    data, source = s.recvfrom(65535)
                    print(data.decode(), source[0], source[1])
            except Exception as e:
                print(type(e).__name__ + ": " + str(e), file=sys.stderr)
                sys.exit(2)
            finally:
                s.close()
            """;

    @TempDir
    static Path dir;
    private static Path script;
    private UdpEchoServer echo;

    @BeforeAll
    static void requirePySocks() throws Exception {
        ExternalProgram.Result probe = ExternalProgram.run(DEADLINE, List.of(PYTHON, "-c", "import socks"));
        assertThat(probe.exitCode())
                .as("PySocks is not importable from %s: apt-get install python3-socks; %s", PYTHON, probe)
                .isZero();
        script = dir.resolve("pysocks_udp.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startEcho() throws IOException {
        echo = UdpEchoServer.onLoopback();
    }

    @AfterEach
    void stopEcho() {
        echo.close();
    }

    @Test
    void roundTripsToAnAddress() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = pysocks(server, "127.0.0.1", false, "hello udp");

            assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
            String p = " 127.0.0.1 " + echo.port();
            assertThat(r.stdout().lines()).containsExactly("hello udp 0" + p, "hello udp 1" + p, "hello udp 2" + p);
            Session s = server.sessions().next();
            assertAssociation(s);
            assertThat(s.requested().address().isAnyLocalAddress()).isTrue(); // 0.0.0.0:<its port>: learned
        }
    }

    @Test
    void roundTripsToANameOnlyTheProxyResolves() throws Exception {
        FakeResolver resolver = new FakeResolver().map(PROXY_ONLY_NAME, InetAddress.getLoopbackAddress());
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null), resolver)) {
            ExternalProgram.Result r = pysocks(server, PROXY_ONLY_NAME, true, "by name");

            assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
            // The replies name their real source, the address the proxy resolved the name to.
            String p = " 127.0.0.1 " + echo.port();
            assertThat(r.stdout().lines()).containsExactly("by name 0" + p, "by name 1" + p, "by name 2" + p);
            Session s = server.sessions().next();
            assertAssociation(s);
            // With rdns PySocks declares its source as the *name* "0" (inet_pton rejects "0"): learned, not refused.
            assertThat(s.requested().isDomain()).isTrue();
            assertThat(s.requested().host()).isEqualTo("0");
        }
    }

    private void assertAssociation(Session s) {
        assertThat(s.command()).isEqualTo(Command.UDP_ASSOCIATE);
        assertThat(s.reply()).isEqualTo("0x00");
        assertThat(s.error()).isNull();
        assertThat(s.datagramsUp()).isEqualTo(3);
        assertThat(s.datagramsDown()).isEqualTo(3);
        assertThat(s.destinations()).isEqualTo(1);
        assertThat(s.datagramsDropped()).isZero();
        assertThat(echo.count()).isEqualTo(3);
    }

    private ExternalProgram.Result pysocks(RunningServer server, String host, boolean rdns, String message)
            throws IOException, InterruptedException {
        return ExternalProgram.run(DEADLINE, List.of(PYTHON, script.toString(), Integer.toString(server.port()),
                host, Integer.toString(echo.port()), rdns ? "1" : "0", message), null, Map.of("LC_ALL", "C"));
    }
}
