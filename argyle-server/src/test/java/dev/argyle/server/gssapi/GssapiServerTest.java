package dev.argyle.server.gssapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.gssapi.GssClientExchange;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.GssapiConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.TestKdc;
import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 1961 end to end against an in-process KDC (Kerby): a real Kerberos ticket for {@code rcmd/localhost},
 * the context exchange, the protection-level sub-negotiation and a CONNECT whose request, reply and relayed
 * bytes travel as MTYP 3 messages.
 */
class GssapiServerTest {
    private static final String SERVICE = "rcmd/localhost";
    private static TestKdc kdc;
    private static Path keytab;
    private static Subject alice;

    private EchoServer echo;
    private RunningServer server;

    @BeforeAll
    static void realm() {
        kdc = TestKdc.shared();
        keytab = kdc.keytab("argyle-server.keytab", SERVICE);
        kdc.keytab("other-host.keytab", "host/localhost"); // in the realm, not in the server's keytab
        alice = kdc.login("alice");
    }

    @BeforeEach
    void start() throws Exception {
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        echo.close();
    }

    private RunningServer serve(GssapiConfig gssapi) throws Exception {
        ServerConfig config = RunningServer.config(AuthMode.GSSAPI, null).withGssapi(gssapi);
        server = RunningServer.start(config);
        return server;
    }

    private RunningServer serve() throws Exception {
        return serve(GssapiConfig.defaults().withKeytab(keytab));
    }

    @ParameterizedTest
    @EnumSource(value = ProtectionLevel.class, names = {"INTEGRITY", "CONFIDENTIALITY", "SELECTIVE"})
    void connectThroughEachProtectionLevel(ProtectionLevel level) throws Exception {
        serve();
        byte[] secret = "attack at dawn, bring the gssapi tokens".getBytes(StandardCharsets.US_ASCII);
        try (GssClient c = new GssClient(server.address())) {
            assertThat(c.greet()).isEqualTo(0x01);
            assertThat(c.authenticate(alice, SERVICE, level)).isEqualTo(level);
            assertThat(c.connect(echo.address())).isEqualTo(0x00);
            for (int i = 0; i < 3; i++) {
                assertThat(c.echo(secret)).isEqualTo(secret);
            }
            byte[] big = new byte[200_000]; // more than one MTYP 3 message each way
            new java.util.Random(1961).nextBytes(big);
            assertThat(c.echo(big)).isEqualTo(big);
            boolean plaintextOnWire = indexOf(c.rawIn.toByteArray(), secret) >= 0;
            // Integrity-only wrap tokens carry the plaintext; confidentiality encrypts it.
            assertThat(plaintextOnWire).isEqualTo(!level.confidential());
        }
        Session s = server.sessions().next(Duration.ofSeconds(10));
        assertThat(s.authMethod()).isEqualTo("gssapi");
        assertThat(s.user()).isEqualTo("alice@" + TestKdc.REALM);
        assertThat(s.reply()).isEqualTo("0x00");
        assertThat(s.bytesDown()).isGreaterThan(200_000);
    }

    @Test
    void protectedRequestSplitIntoSingleBytesAndPipelinedDataAreDecoded() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            c.socket.setTcpNoDelay(true);
            c.greet();
            c.authenticate(alice, SERVICE, ProtectionLevel.CONFIDENTIALITY);
            byte[] request = new dev.argyle.protocol.v5.Socks5Request(Command.CONNECT, SocksAddress.of(echo.address()))
                    .toBytes();
            byte[] data = "sent before the reply".getBytes(StandardCharsets.US_ASCII);
            byte[] wire = concat(GssFrame.message(c.protection.wrap(request, 0, request.length)).toBytes(),
                    GssFrame.message(c.protection.wrap(data, 0, data.length)).toBytes());
            java.io.OutputStream raw = c.socket.getOutputStream();
            for (byte b : wire) { // every frame boundary and header split across reads
                raw.write(b);
                raw.flush();
            }
            byte[] head = c.in.readNBytes(10);
            assertThat(head[1]).isEqualTo((byte) 0x00);
            assertThat(c.in.readNBytes(data.length)).isEqualTo(data);
        }
    }

    @Test
    void clearLevelOnlyWhenConfigured() throws Exception {
        serve(GssapiConfig.defaults().withKeytab(keytab));
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            // Not configured: the server answers with the strongest level it agrees to, and we give up.
            assertThatThrownBy(() -> c.authenticate(alice, SERVICE, ProtectionLevel.CLEAR))
                    .hasMessageContaining("chose protection level confidentiality");
        }
        server.close();
        serve(GssapiConfig.defaults().withKeytab(keytab).withProtection(List.of(ProtectionLevel.CLEAR)));
        byte[] data = "in the clear".getBytes(StandardCharsets.US_ASCII);
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            assertThat(c.authenticate(alice, SERVICE, ProtectionLevel.CLEAR)).isEqualTo(ProtectionLevel.CLEAR);
            assertThat(c.connect(echo.address())).isEqualTo(0x00);
            assertThat(c.echo(data)).isEqualTo(data);
        }
    }

    @Test
    void tamperedMessageClosesTheSession() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            c.authenticate(alice, SERVICE, ProtectionLevel.INTEGRITY);
            int initial = echo.accepted();
            assertThat(c.connect(echo.address())).isEqualTo(0x00);
            // The echo server may count the CONNECT's own connection a moment after the reply: wait for it.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (echo.accepted() <= initial && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            int before = echo.accepted();
            assertThat(before).isEqualTo(initial + 1);
            byte[] token = c.context.wrap("hello".getBytes(), 0, 5, new org.ietf.jgss.MessageProp(0, false));
            token[token.length - 1] ^= 0x01; // flip a bit of the checksum... or the data
            c.socket.getOutputStream().write(GssFrame.message(token).toBytes());
            c.socket.getOutputStream().flush();
            assertThat(c.closedByServer()).isTrue();
            assertThat(echo.accepted()).isEqualTo(before);
        }
        assertThat(server.sessions().next(Duration.ofSeconds(10)).error()).contains("GSS");
    }

    @Test
    void ticketForAnotherServiceIsRefused() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            assertThatThrownBy(() -> c.authenticate(alice, "host/localhost", ProtectionLevel.INTEGRITY))
                    .hasMessageContaining("aborted");
        }
        Session s = server.sessions().next(Duration.ofSeconds(10));
        assertThat(s.error()).contains("GSS-API context");
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void configuredPrincipalRefusesOtherKeysInTheKeytab() throws Exception {
        Path both = kdc.keytab("two-services.keytab", SERVICE, "host/localhost");
        serve(GssapiConfig.defaults().withKeytab(both).withPrincipal(SERVICE));
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            assertThatThrownBy(() -> c.authenticate(alice, "host/localhost", ProtectionLevel.INTEGRITY))
                    .hasMessageContaining("aborted");
        }
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            assertThat(c.authenticate(alice, SERVICE, ProtectionLevel.INTEGRITY)).isEqualTo(ProtectionLevel.INTEGRITY);
            assertThat(c.connect(echo.address())).isEqualTo(0x00);
        }
    }

    @Test
    void clientThatSkipsTheExchangeIsRefusedWithoutContactingTheDestination() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            assertThat(c.greet()).isEqualTo(0x01);
            int port = echo.port();
            c.out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
            c.out.flush();
            assertThat(GssClientExchange.read(c.raw)).isEqualTo(GssFrame.ABORT_FRAME);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.sessions().next(Duration.ofSeconds(10)).error()).contains("malformed");
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void unprotectedRequestAfterTheExchangeIsRefused() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            c.authenticate(alice, SERVICE, ProtectionLevel.CONFIDENTIALITY);
            int port = echo.port();
            c.socket.getOutputStream().write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(echo.accepted()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = ProtectionLevel.class, names = {"INTEGRITY", "CONFIDENTIALITY"})
    void udpDatagramsAreWrappedAndBareOnesDropped(ProtectionLevel level) throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address());
             UdpEchoServer udpEcho = UdpEchoServer.onLoopback();
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(10_000);
            c.greet();
            c.authenticate(alice, SERVICE, level);
            assertThat(c.request(Command.UDP_ASSOCIATE, new InetSocketAddress("127.0.0.1", udp.getLocalPort())))
                    .isEqualTo(0x00);
            byte[] header = new Socks5UdpHeader(0, SocksAddress.of(udpEcho.address())).toBytes();
            byte[] bare = concat(header, "bare".getBytes(StandardCharsets.US_ASCII));
            udp.send(new DatagramPacket(bare, bare.length, c.bound)); // RFC 1961 section 5: must be dropped
            byte[] payload = "wrapped datagram".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = GssFrame.message(c.protection.wrapDatagram(concat(header, payload))).toBytes();
            udp.send(new DatagramPacket(frame, frame.length, c.bound));
            DatagramPacket reply = new DatagramPacket(new byte[70_000], 70_000);
            udp.receive(reply);
            GssFrame back = GssClientExchange.read(new java.io.ByteArrayInputStream(reply.getData(), 0, reply.getLength()));
            assertThat(back.type()).isEqualTo(GssFrame.MESSAGE);
            byte[] plain = c.protection.unwrapDatagram(back.token());
            assertThat(Arrays.copyOfRange(plain, header.length, plain.length)).isEqualTo(payload);
            assertThat(udpEcho.count()).isEqualTo(1); // the bare one never left the relay
            boolean plaintextOnWire = indexOf(Arrays.copyOf(reply.getData(), reply.getLength()), payload) >= 0;
            assertThat(plaintextOnWire).isEqualTo(!level.confidential());
        }
    }

    @Test
    void replayedContextTokenIsRefused() throws Exception {
        serve();
        byte[] token;
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            token = c.firstContextToken(alice, SERVICE);
            c.out.write(GssFrame.context(token).toBytes());
            c.out.flush();
            assertThat(GssClientExchange.read(c.raw).type()).isEqualTo(GssFrame.CONTEXT); // the AP-REP
        }
        try (GssClient replay = new GssClient(server.address())) {
            replay.greet();
            replay.out.write(GssFrame.context(token).toBytes());
            replay.out.flush();
            assertThat(GssClientExchange.read(replay.raw)).isEqualTo(GssFrame.ABORT_FRAME);
            assertThat(replay.closedByServer()).isTrue();
        }
        server.sessions().next(Duration.ofSeconds(10));
        assertThat(server.sessions().next(Duration.ofSeconds(10)).error()).contains("GSS-API context");
    }

    @Test
    void clientAbortClosesTheSession() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            c.out.write(GssFrame.ABORT_FRAME.toBytes());
            c.out.flush();
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.sessions().next(Duration.ofSeconds(10)).error()).contains("aborted");
    }

    @Test
    void garbageContextTokenIsAborted() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            c.out.write(GssFrame.context(new byte[] {0x60, 0x05, 1, 2, 3, 4, 5}).toBytes());
            c.out.flush();
            assertThat(GssClientExchange.read(c.raw)).isEqualTo(GssFrame.ABORT_FRAME);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void socks4IsRefusedOnAGssapiListener() throws Exception {
        serve();
        try (GssClient c = new GssClient(server.address())) {
            int port = echo.port();
            c.out.write(new byte[] {4, 1, (byte) (port >> 8), (byte) port, 127, 0, 0, 1, 0});
            c.out.flush();
            byte[] reply = c.raw.readNBytes(8);
            assertThat(reply[1]).isEqualTo((byte) 0x5B);
        }
        assertThat(echo.accepted()).isZero();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
