package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.Timeouts;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each way an outbound connection can fail maps to its own reply code (RFC 1928 section 6). */
class ConnectFailureTest {
    private final FakeResolver resolver = new FakeResolver();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(RunningServer.config(AuthMode.NONE, null).withTimeouts(
                new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(700), Duration.ofMinutes(5), Duration.ofMillis(700))),
                resolver);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ReplyCode connect(SocksAddress destination) throws Exception {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            return c.connect5(destination).reply();
        }
    }

    @Test
    void refusedPortGives05() throws Exception {
        assertThat(connect(SocksAddress.of(InetAddress.getLoopbackAddress(), closedPort())))
                .isEqualTo(ReplyCode.CONNECTION_REFUSED);
        assertThat(server.sessions().next().reply()).isEqualTo("0x05");
    }

    @Test
    void unknownNameGives04() throws Exception {
        assertThat(connect(SocksAddress.domain("no-such-name.test", 80))).isEqualTo(ReplyCode.HOST_UNREACHABLE);
        assertThat(server.sessions().next().error()).contains("no-such-name.test");
    }

    @Test
    void resolverTimeoutGives04() throws Exception {
        assertThat(connect(SocksAddress.domain(FakeResolver.HANGING, 80))).isEqualTo(ReplyCode.HOST_UNREACHABLE);
        assertThat(server.sessions().next().error()).contains("timed out");
    }

    @Test
    void connectTimeoutGives06() throws Exception {
        // A listener whose accept queue is full drops further SYNs, so a connect to it times out.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (java.io.IOException timedOut) {
                        s.close();
                        break;
                    }
                }
                assertThat(connect(SocksAddress.of((InetSocketAddress) full.getLocalSocketAddress())))
                        .isEqualTo(ReplyCode.TTL_EXPIRED);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void everyResolvedAddressIsTriedInOrder() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback()) {
            // First address refuses (nothing on 127.0.0.2 at that port), second works.
            resolver.map("two.test", InetAddress.getByName("127.0.0.2"), InetAddress.getLoopbackAddress());
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                assertThat(c.connect5(SocksAddress.domain("two.test", echo.port())).reply())
                        .isEqualTo(ReplyCode.SUCCEEDED);
                c.echo(new byte[] {1, 2, 3});
            }
            assertThat(server.sessions().next().resolved())
                    .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.port()));
        }
    }

    @Test
    void socks4FailureGives5b() throws Exception {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            Socks4Reply reply = c.connect4(SocksAddress.of(InetAddress.getLoopbackAddress(), closedPort()), "");
            assertThat(reply.status().code()).isEqualTo(0x5B);
        }
        assertThat(server.sessions().next().reply()).isEqualTo("0x5b");
    }

    @Test
    void successReplyCarriesTheRealBoundAddress() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            SocksAddress bound = c.connect5(SocksAddress.of(echo.address())).bound();
            assertThat(bound.address()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(bound.port()).isPositive();
            c.send(new byte[] {9});
            c.readBytes(1);
            // The session's outbound socket is the one the reply named.
            c.close();
            assertThat(server.sessions().next().bound().getPort()).isEqualTo(bound.port());
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
