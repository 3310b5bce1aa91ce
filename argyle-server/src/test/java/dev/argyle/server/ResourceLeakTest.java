package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * After many sessions that end in every way (normal close, client reset mid-relay, refusal, garbage), the
 * server holds no channel and no file descriptor more than before them, and other sessions never notice.
 */
class ResourceLeakTest {

    @Test
    void channelsAndDescriptorsReturnToBaseline() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            ScriptedSocksClient bystander = new ScriptedSocksClient(server.address());
            assertThat(bystander.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            int refused = closedPort();
            int baselineFds = -1;
            for (int round = 0; round <= 50; round++) {
                if (round == 1) {
                    // After one warm-up round: class loading opens jar files once, which is not a leak.
                    baselineFds = openFds();
                }
                try (ScriptedSocksClient ok = new ScriptedSocksClient(server.address())) {
                    ok.connect5(SocksAddress.of(echo.address()));
                    ok.echo(new byte[] {1, 2, 3});
                }
                ScriptedSocksClient vanishing = new ScriptedSocksClient(server.address());
                vanishing.connect5(SocksAddress.of(echo.address()));
                vanishing.send(new byte[32 * 1024]);
                vanishing.socket().setSoLinger(true, 0); // RST mid-relay
                vanishing.close();
                try (ScriptedSocksClient no = new ScriptedSocksClient(server.address())) {
                    no.connect5(SocksAddress.of(InetAddress.getLoopbackAddress(), refused));
                }
                try (ScriptedSocksClient junk = new ScriptedSocksClient(server.address())) {
                    junk.send((byte) 0x16, (byte) 0x03, (byte) 0x01); // a TLS ClientHello, not SOCKS
                    junk.closedByServer();
                }
                bystander.echo(("round " + round).getBytes());
            }
            // Only the bystander's two channels remain, and the descriptors are back where they were.
            int baseline = baselineFds;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(server.server().openChannels()).isEqualTo(2);
                assertThat(openFds()).isLessThanOrEqualTo(baseline);
            });
            bystander.echo("bystander unharmed".getBytes());
            bystander.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
        }
    }

    /** Descriptors open in this JVM (server and test clients share it; the clients are all closed). */
    private static int openFds() {
        return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
