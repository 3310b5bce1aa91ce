package dev.argyle.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's Dante (/usr/sbin/danted) as the last hop of a chain: front Argyle -> Argyle hop -> Dante -> destination. */
class RouteDanteTest {
    private static final Path DANTED = Path.of("/usr/sbin/danted");

    @TempDir
    Path dir;

    @Test
    void aDanteHopAtTheEndOfAChainCarriesTheConnection() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(DANTED), "danted is not installed (apt-get install dante-server)");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("danted.conf");
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.write(conf, List.of("logoutput: stderr", "internal: 127.0.0.1 port = " + port, "external: lo",
                "socksmethod: none", "clientmethod: none", root ? "user.privileged: root" : "",
                root ? "user.unprivileged: nobody" : "", "client pass { from: 0/0 to: 0/0 log: error }",
                "socks pass { from: 0/0 to: 0/0 log: error }"), StandardCharsets.UTF_8);
        Process dante = new ProcessBuilder(DANTED.toString(), "-f", conf.toString(), "-p", dir.resolve("pid").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Boolean> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(dante.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains(" running")) {
                        running.complete(true);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
            running.complete(false);
        }, "danted-log");
        reader.setDaemon(true);
        reader.start();
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer first = RunningServer.start()) {
            assertThat(running.get(15, TimeUnit.SECONDS)).as("danted started").isTrue();
            var routes = ConfigLoader.parse("""
                    routes:
                      - name: via-dante
                        via: ["socks5h://127.0.0.1:%d", "socks5://127.0.0.1:%d"]
                    """.formatted(first.port(), port), "test").routes();
            try (RunningServer front = RunningServer.start(RunningServer.config(AuthMode.NONE, null).withRoutes(routes),
                    new FakeResolver().map("echo.test", InetAddress.getLoopbackAddress()));
                 ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
                // socks5 last hop (Dante): the name is resolved by the front server and sent as an address.
                assertThat(c.connect5(SocksAddress.domain("echo.test", echo.port())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                byte[] data = "dante at the end".getBytes(StandardCharsets.US_ASCII);
                assertThat(c.echo(data)).isEqualTo(data);
                c.close();
                assertThat(first.sessions().next().requested().port()).isEqualTo(port);
                assertThat(front.sessions().next().route()).isEqualTo("via-dante");
            }
        } finally {
            List<ProcessHandle> children = dante.descendants().toList();
            dante.destroy();
            if (!dante.waitFor(5, TimeUnit.SECONDS)) {
                dante.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroy);
        }
    }
}
