package dev.argyle.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.testkit.Danted;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's Dante (/usr/sbin/danted) as the last hop of a chain: front Argyle -> Argyle hop -> Dante -> destination. */
class RouteDanteTest {
    @TempDir
    Path dir;

    @Test
    void aDanteHopAtTheEndOfAChainCarriesTheConnection() throws Exception {
        Assumptions.assumeTrue(Danted.installed(), Danted.NOT_INSTALLED);
        try (Danted dante = Danted.start(dir);
             EchoServer echo = EchoServer.onLoopback(); RunningServer first = RunningServer.start()) {
            int port = dante.port();
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
        }
    }
}
