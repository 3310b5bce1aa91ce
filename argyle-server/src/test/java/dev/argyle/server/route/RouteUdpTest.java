package dev.argyle.server.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ScriptedSocksClient;
import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDP ASSOCIATE through an upstream route, end to end on loopback: a front Argyle whose route goes via a
 * second Argyle (the hop), to a UDP echo server.
 */
class RouteUdpTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String NAME = "udp-echo.test";
    private final List<AutoCloseable> open = new ArrayList<>();
    private UdpEchoServer echo;

    @BeforeEach
    void startEcho() throws Exception {
        echo = UdpEchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        echo.close();
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    /** The upstream: only it knows {@link #NAME}. */
    private RunningServer hop() throws Exception {
        return keep(RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                new FakeResolver().map(NAME, LOOPBACK)));
    }

    private RunningServer front(String routesYaml) throws Exception {
        var routes = ConfigLoader.parse("routes:\n" + routesYaml, "test").routes();
        return keep(RunningServer.start(RunningServer.config(AuthMode.NONE, null).withRoutes(routes),
                new FakeResolver()));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** A minimal UDP ASSOCIATE client: the control connection and a loopback datagram socket. */
    private static final class Client implements AutoCloseable {
        final ScriptedSocksClient control;
        final DatagramSocket udp;
        final Socks5Reply reply;

        Client(InetSocketAddress proxy) throws Exception {
            control = new ScriptedSocksClient(proxy);
            udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            control.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
            assertThat(control.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_AUTH);
            control.send(new Socks5Request(Command.UDP_ASSOCIATE, SocksAddress.of(LOOPBACK, udp.getLocalPort())));
            reply = control.read(Socks5Reply.DECODER);
        }

        /** Sends {@code payload} to {@code destination}; returns the reply's header and payload. */
        Object[] roundTrip(SocksAddress destination, String payload) throws Exception {
            byte[] header = new Socks5UdpHeader(0, destination).toBytes();
            byte[] data = payload.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(header, header.length + data.length);
            System.arraycopy(data, 0, all, header.length, data.length);
            InetSocketAddress relay = reply.bound().toSocketAddress();
            udp.send(new DatagramPacket(all, all.length, relay));
            udp.setSoTimeout(5_000);
            byte[] buf = new byte[65_535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            udp.receive(p);
            assertThat(p.getSocketAddress()).isEqualTo(relay);
            ByteBuffer view = ByteBuffer.wrap(buf, 0, p.getLength());
            DecodeResult<Socks5UdpHeader> r = Socks5UdpHeader.DECODER.decode(view);
            assertThat(r).isInstanceOf(DecodeResult.Done.class);
            Socks5UdpHeader h = ((DecodeResult.Done<Socks5UdpHeader>) r).message();
            String back = new String(buf, view.position(), p.getLength() - view.position(), StandardCharsets.US_ASCII);
            return new Object[] {h, back};
        }

        @Override
        public void close() throws Exception {
            udp.close();
            control.close();
        }
    }

    private void assertEchoes(Client c, SocksAddress destination, String payload) throws Exception {
        Object[] r = c.roundTrip(destination, payload);
        Socks5UdpHeader h = (Socks5UdpHeader) r[0];
        assertThat(r[1]).isEqualTo(payload);
        assertThat(h.fragment()).isZero();
        assertThat(h.destination()).isEqualTo(SocksAddress.of(echo.address())); // the real source
    }

    @Test
    void datagramsToAnAddressAndToANameTheUpstreamResolvesComeBackAndBothAssociationsEndTogether()
            throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - name: u
                    commands: [udp]
                    via: ["socks5://127.0.0.1:%d"]
                """.formatted(hop.port()));
        try (Client c = new Client(front.address())) {
            assertThat(c.reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c, SocksAddress.of(echo.address()), "to the address");
            assertEchoes(c, SocksAddress.domain(NAME, echo.port()), "to the name");
            assertThat(front.server().openChannels()).isEqualTo(4); // control, relay, outbound, upstream
            assertThat(hop.server().openChannels()).isEqualTo(3); // control, relay, outbound
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> front.server().openChannels() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> hop.server().openChannels() == 0);

        Session upstream = hop.sessions().next();
        assertThat(upstream.command()).isEqualTo(Command.UDP_ASSOCIATE);
        assertThat(upstream.datagramsUp()).isEqualTo(2);
        assertThat(upstream.datagramsDown()).isEqualTo(2);
        assertThat(AccessLog.format(upstream)).contains("cmd=udp", "dsts=2");
        Session s = front.sessions().next();
        assertThat(s.route()).isEqualTo("u");
        assertThat(s.error()).isNull();
        assertThat(s.datagramsUp()).isEqualTo(2);
        assertThat(s.datagramsDown()).isEqualTo(2);
        assertThat(AccessLog.format(s)).contains("cmd=udp", " route=u ", "reply=0x00");
    }

    @Test
    void theUpstreamEndingEndsOurAssociation() throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - name: u
                    via: ["socks5://127.0.0.1:%d"]
                """.formatted(hop.port()));
        try (Client c = new Client(front.address())) {
            assertThat(c.reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c, SocksAddress.of(echo.address()), "once");
            hop.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> front.server().openChannels() == 0);
            assertThat(c.control.in().read()).isEqualTo(-1);
        }
        assertThat(front.sessions().next().error()).contains("route u", "upstream");
    }

    @Test
    void failoverToTheSecondChainWhenTheFirstHopIsDown() throws Exception {
        RunningServer hop = hop();
        RunningServer front = front("""
                  - name: fo
                    chains:
                      - ["socks5://127.0.0.1:%d"]
                      - ["socks5h://127.0.0.1:%d"]
                    hop-connect-timeout: 2s
                """.formatted(closedPort(), hop.port()));
        try (Client c = new Client(front.address())) {
            assertThat(c.reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertEchoes(c, SocksAddress.domain(NAME, echo.port()), "via chain 2");
        }
        assertThat(hop.sessions().next().command()).isEqualTo(Command.UDP_ASSOCIATE);
        Session s = front.sessions().next();
        assertThat(s.route()).isEqualTo("fo#2");
        assertThat(s.error()).isNull();
    }
}
