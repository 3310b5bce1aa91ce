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
import dev.argyle.testkit.Pattern;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ncat (7.93) through Argyle to an echo server. At stdin EOF ncat shuts down its write side and keeps reading
 * until the peer's FIN, so these are half-close tests: the echo of the last bytes is still in flight when the
 * proxy sees ncat's FIN, and every byte must still come back. A relay that closes both directions at the
 * first FIN returns a short stream here.
 *
 * <p>ncat's {@code --proxy-dns remote} sends names to the proxy: as SOCKS4a with {@code --proxy-type socks4},
 * as ATYP 3 with {@code socks5}.
 */
class NcatClientTest {
    /** Large enough that a good part of the echo is still in flight when ncat's FIN reaches the proxy. */
    private static final int SIZE = 1024 * 1024;

    private static String ncat;
    private EchoServer echo;

    @BeforeAll
    static void requireNcat() {
        ncat = ExternalProgram.require("ncat", "ncat");
    }

    @BeforeEach
    void startEcho() throws IOException {
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @ParameterizedTest(name = "--proxy-type {0}: all echoed bytes arrive after ncat's FIN")
    @CsvSource({"socks4, 4", "socks5, 5"})
    void echoSurvivesClientHalfClose(String type, int version) throws Exception {
        byte[] sent = pattern(version);
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = ncat(server, sent, "--proxy-type", type, "127.0.0.1", port());

            assertThat(r.exitCode()).as("ncat: %s", r).isZero();
            assertThat(r.stdoutBytes().length).as("bytes echoed back through the proxy").isEqualTo(SIZE);
            assertThat(Arrays.equals(r.stdoutBytes(), sent)).as("echoed bytes equal the sent ones").isTrue();
            Session s = sessionOf(server);
            assertRelayed(s, version, "127.0.0.1", echo.port());
            assertThat(s.bytesUp()).as(describe(s)).isEqualTo(SIZE);
            assertThat(s.bytesDown()).as(describe(s)).isEqualTo(SIZE);
        }
    }

    @ParameterizedTest(name = "--proxy-type {0} --proxy-dns remote sends the name")
    @CsvSource({"socks4, 4", "socks5, 5"})
    void remoteDns(String type, int version) throws Exception {
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = ncat(server, "hello via name\n".getBytes(StandardCharsets.US_ASCII),
                    "--proxy-type", type, "--proxy-dns", "remote", PROXY_ONLY_NAME, port());

            assertThat(r.exitCode()).as("ncat: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("hello via name\n");
            Session s = sessionOf(server);
            assertRelayed(s, version, PROXY_ONLY_NAME, echo.port());
            assertThat(s.requested().isDomain()).as(describe(s)).isTrue();
        }
    }

    @Test
    void socks5WithPassword(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(dir))) {
            ExternalProgram.Result r = ncat(server, "hello with password\n".getBytes(StandardCharsets.US_ASCII),
                    "--proxy-type", "socks5", "--proxy-auth", USER + ":" + PASSWORD, "127.0.0.1", port());

            assertThat(r.exitCode()).as("ncat: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("hello with password\n");
            Session s = sessionOf(server);
            assertRelayed(s, 5, "127.0.0.1", echo.port());
            assertThat(s.user()).isEqualTo(USER);
        }
    }

    private ExternalProgram.Result ncat(RunningServer server, byte[] stdin, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ncat, "--proxy", "127.0.0.1:" + server.port()));
        cmd.addAll(List.of(args));
        return ClientSupport.run(cmd, stdin);
    }

    private String port() {
        return Integer.toString(echo.port());
    }

    private static byte[] pattern(long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE);
        Pattern.write(out, seed, SIZE);
        return out.toByteArray();
    }
}
