package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.Timeouts;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken clients on raw sockets: each gets the protocol's refusal where one exists or a clean
 * close, quickly, and a healthy session on the same server keeps working throughout.
 */
class BadInputTest {
    private EchoServer echo;
    private RunningServer server;
    private ScriptedSocksClient healthy;

    @BeforeEach
    void start() throws Exception {
        echo = EchoServer.onLoopback();
        ServerConfig config = RunningServer.config(dev.argyle.server.config.AuthMode.NONE, null)
                .withTimeouts(new Timeouts(Duration.ofMillis(800), Duration.ofSeconds(5), Duration.ofMinutes(5),
                        Duration.ofSeconds(5)));
        server = RunningServer.start(config);
        // A session that lives across every bad client; it must be untouched at the end.
        healthy = new ScriptedSocksClient(server.address());
        assertThat(healthy.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
        // One round trip, so the echo server has surely counted this connection: the SOCKS reply only says the
        // kernel completed the handshake, not that the target's accept() has returned.
        healthy.echo("ready".getBytes());
    }

    @AfterEach
    void stop() throws Exception {
        healthy.echo("still alive".getBytes());
        healthy.close();
        server.close();
        echo.close();
    }

    private ScriptedSocksClient client() throws Exception {
        return new ScriptedSocksClient(server.address());
    }

    @Test
    void unknownVersionByteIsClosed() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send((byte) 0x47, (byte) 0x45, (byte) 0x54, (byte) 0x20); // "GET "
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(nextBad().error()).contains("not a SOCKS request");
    }

    @Test
    void zeroMethodsGetsNoAcceptableMethods() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send((byte) 5, (byte) 0);
            assertThat(c.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_ACCEPTABLE);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(nextBad().error()).contains("no methods");
    }

    @Test
    void allTwoHundredFiftyFiveMethodsWithoutNoAuthAreRefused() throws Exception {
        byte[] greeting = new byte[257];
        greeting[0] = 5;
        greeting[1] = (byte) 255;
        for (int i = 0; i < 255; i++) {
            greeting[2 + i] = (byte) (i + 1); // 0x01..0xFF: everything except NO AUTH
        }
        try (ScriptedSocksClient c = client()) {
            c.send(greeting);
            assertThat(c.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_ACCEPTABLE);
            assertThat(c.closedByServer()).isTrue();
        }
        nextBad();
    }

    @Test
    void unknownAddressTypeGetsReply08() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
            c.read(Socks5MethodChoice.DECODER);
            c.send((byte) 5, (byte) 1, (byte) 0, (byte) 9, (byte) 1, (byte) 2);
            Socks5Reply reply = c.read(Socks5Reply.DECODER);
            assertThat(reply.reply()).isEqualTo(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(nextBad().reply()).isEqualTo("0x08");
    }

    @Test
    void emptyHostnameGetsGeneralFailure() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
            c.read(Socks5MethodChoice.DECODER);
            c.send((byte) 5, (byte) 1, (byte) 0, (byte) 3, (byte) 0, (byte) 0, (byte) 80);
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
            assertThat(c.closedByServer()).isTrue();
        }
        nextBad();
    }

    @Test
    void unknownCommandGetsReply07() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
            c.read(Socks5MethodChoice.DECODER);
            c.send(new Socks5Request(Command.of(0x09), SocksAddress.of(echo.address())));
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.COMMAND_NOT_SUPPORTED);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(nextBad().reply()).isEqualTo("0x07");
        assertThat(echo.accepted()).isEqualTo(1); // only the healthy session reached the target
    }

    @Test
    void wrongVersionInRequestIsRefused() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
            c.read(Socks5MethodChoice.DECODER);
            c.send((byte) 4, (byte) 1, (byte) 0, (byte) 1, (byte) 127, (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 80);
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
            assertThat(c.closedByServer()).isTrue();
        }
        nextBad();
    }

    @Test
    void oversizedSocks4UserIdIsRejected() throws Exception {
        byte[] request = new byte[8 + 4000];
        request[0] = 4;
        request[1] = 1;
        request[3] = 80;
        request[4] = 127;
        request[7] = 1;
        Arrays.fill(request, 8, request.length, (byte) 'a'); // no NUL ever comes
        try (ScriptedSocksClient c = client()) {
            c.send(request);
            assertThat(c.read(Socks4Reply.DECODER).status().isGranted()).isFalse();
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(nextBad().reply()).isEqualTo("0x5b");
    }

    @Test
    void stalledHandshakeIsClosedByTheHandshakeTimeout() throws Exception {
        try (ScriptedSocksClient c = client()) {
            c.send((byte) 5, (byte) 2, (byte) 0); // one method byte of two, then silence
            long start = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(nextBad().error()).contains("handshake timeout");
    }

    @Test
    void silentClientIsClosedByTheHandshakeTimeout() throws Exception {
        try (ScriptedSocksClient c = client()) {
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(nextBad().error()).contains("handshake timeout");
    }

    @Test
    void clientVanishingMidHandshakeIsCleanedUp() throws Exception {
        ScriptedSocksClient c = client();
        c.send((byte) 5, (byte) 1);
        c.socket().setSoLinger(true, 0); // RST, not FIN
        c.close();
        assertThat(nextBad().error()).isNotNull();
    }

    @Test
    void socks4BindOfAnyPeerIsRefusedWithoutListening() throws Exception {
        try (ScriptedSocksClient c = client()) {
            // 0.0.0.0 would accept any peer; refused while bind.allow-any-peer is false (the default).
            SocksAddress anyPeer = SocksAddress.of(InetAddress.getByName("0.0.0.0"), echo.port());
            c.send(new Socks4Request(Command.BIND, anyPeer, "u"));
            assertThat(c.read(Socks4Reply.DECODER).status().isGranted()).isFalse();
            assertThat(c.closedByServer()).isTrue();
        }
        nextBad();
    }

    @Test
    void unspecifiedDestinationIsRefused() throws Exception {
        try (ScriptedSocksClient c = client()) {
            Socks5Reply reply = c.connect5(SocksAddress.of(InetAddress.getByName("0.0.0.0"), echo.port()));
            assertThat(reply.reply()).isEqualTo(ReplyCode.HOST_UNREACHABLE);
        }
        assertThat(echo.accepted()).isEqualTo(1);
        nextBad();
    }

    @Test
    void garbageAfterAFailedRequestDoesNotHideTheReply() throws Exception {
        try (ScriptedSocksClient c = client()) {
            byte[] junk = new byte[100_000];
            c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
            c.read(Socks5MethodChoice.DECODER);
            c.send(new Socks5Request(Command.of(0x7f), SocksAddress.of(echo.address())));
            c.send(junk);
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.COMMAND_NOT_SUPPORTED);
        }
        nextBad();
    }

    /** The next session that ended, skipping none: the healthy one is still open. */
    private Session nextBad() throws InterruptedException {
        Session s = server.sessions().next();
        assertThat(s.reply()).isNotEqualTo("0x00");
        return s;
    }
}
