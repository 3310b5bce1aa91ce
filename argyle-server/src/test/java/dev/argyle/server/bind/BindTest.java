package dev.argyle.server.bind;

import static dev.argyle.server.bind.BindSupport.INTRUDER;
import static dev.argyle.server.bind.BindSupport.RIGHT_PEER;
import static dev.argyle.server.bind.BindSupport.awaitNoChannels;
import static dev.argyle.server.bind.BindSupport.awaitRefused;
import static dev.argyle.server.bind.BindSupport.bind4;
import static dev.argyle.server.bind.BindSupport.bind5;
import static dev.argyle.server.bind.BindSupport.closedByOtherEnd;
import static dev.argyle.server.bind.BindSupport.connectFrom;
import static dev.argyle.server.bind.BindSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BIND end to end on loopback: both replies, the relay both ways with half-close, and the peer check. */
class BindTest {
    private final FakeResolver names = new FakeResolver();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        names.map("peer.test", InetAddress.getByName(RIGHT_PEER));
        server = RunningServer.start(BindSupport.config(BindSupport.bind(Duration.ofSeconds(30), false)), names);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void socks5BindRelaysBothWaysWithHalfClose() throws Exception {
        byte[] down = new byte[512 * 1024];
        new Random(5).nextBytes(down);
        byte[] up = "from the client, through the proxy".getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress listening;
        InetSocketAddress connectorAddress;
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            // DST.PORT is advisory: 9 is not the connector's port, and it is still accepted.
            Socks5Reply first = bind5(c, ip(RIGHT_PEER, 9));
            assertThat(first.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            listening = first.bound().toSocketAddress();
            assertThat(listening.getAddress()).isEqualTo(server.address().getAddress());
            assertThat(listening.getPort()).isPositive();
            try (Socket connector = connectFrom(RIGHT_PEER, listening)) {
                connectorAddress = (InetSocketAddress) connector.getLocalSocketAddress();
                Socks5Reply second = c.read(Socks5Reply.DECODER);
                assertThat(second.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(second.bound()).isEqualTo(SocksAddress.of(connectorAddress));

                c.send(up);
                assertThat(connector.getInputStream().readNBytes(up.length)).isEqualTo(up);
                connector.getOutputStream().write(down);
                connector.shutdownOutput(); // FIN: the client must see EOF, and only after every byte
                assertThat(c.in().readAllBytes()).isEqualTo(down);
                c.socket().shutdownOutput();
                assertThat(connector.getInputStream().read()).isEqualTo(-1);
            }
        }
        awaitRefused(listening);
        Session s = server.sessions().next();
        assertThat(s.command()).isEqualTo(Command.BIND);
        assertThat(s.reply()).isEqualTo("0x00");
        assertThat(s.bound()).isEqualTo(listening);
        assertThat(s.resolved()).isEqualTo(connectorAddress);
        assertThat(s.bytesUp()).isEqualTo(up.length);
        assertThat(s.bytesDown()).isEqualTo(down.length);
        assertThat(s.error()).isNull();
        awaitNoChannels(server);
    }

    @Test
    void socks4BindRepliesTwiceAndRelays() throws Exception {
        byte[] hello = "hello over socks4 bind".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            Socks4Reply first = bind4(c, ip(RIGHT_PEER, 21));
            assertThat(first.status().isGranted()).isTrue();
            InetSocketAddress listening = new InetSocketAddress(first.address(), first.port());
            assertThat(first.address()).isEqualTo(server.address().getAddress());
            try (Socket connector = connectFrom(RIGHT_PEER, listening)) {
                Socks4Reply second = c.read(Socks4Reply.DECODER);
                assertThat(second.status().isGranted()).isTrue();
                assertThat(second.address()).isEqualTo(connector.getLocalAddress());
                assertThat(second.port()).isEqualTo(connector.getLocalPort());
                connector.getOutputStream().write(hello);
                assertThat(c.readBytes(hello.length)).isEqualTo(hello);
                c.send(hello);
                assertThat(connector.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
            }
            assertThat(c.closedByServer()).isTrue();
        }
        Session s = server.sessions().next();
        assertThat(s.version()).isEqualTo(4);
        assertThat(s.reply()).isEqualTo("0x5a");
        awaitNoChannels(server);
    }

    @Test
    void bytesTheClientSendsBeforeThePeerConnectsReachThePeer() throws Exception {
        byte[] early = "sent right after the first reply".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            InetSocketAddress listening = bind5(c, ip(RIGHT_PEER, 0)).bound().toSocketAddress();
            c.send(early);
            try (Socket connector = connectFrom(RIGHT_PEER, listening)) {
                assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(connector.getInputStream().readNBytes(early.length)).isEqualTo(early);
            }
        }
        assertThat(server.sessions().next().bytesUp()).isEqualTo(early.length);
    }

    @Test
    void connectionFromAnotherAddressIsClosedAndTheBindWaitsOn() throws Exception {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            InetSocketAddress listening = bind5(c, ip(RIGHT_PEER, 0)).bound().toSocketAddress();
            try (Socket intruder = connectFrom(INTRUDER, listening)) {
                assertThat(closedByOtherEnd(intruder)).isTrue();
            }
            try (Socket connector = connectFrom(RIGHT_PEER, listening)) {
                Socks5Reply second = c.read(Socks5Reply.DECODER);
                assertThat(second.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(second.bound().address()).isEqualTo(InetAddress.getByName(RIGHT_PEER));
                connector.getOutputStream().write(42);
                assertThat(c.in().read()).isEqualTo(42);
            }
        }
        assertThat(server.sessions().next().error()).isNull();
        awaitNoChannels(server);
    }

    @Test
    void peerNamedByDomainIsResolvedByTheServer() throws Exception {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            InetSocketAddress listening = bind5(c, SocksAddress.domain("peer.test", 0)).bound().toSocketAddress();
            try (Socket intruder = connectFrom(INTRUDER, listening)) {
                assertThat(closedByOtherEnd(intruder)).isTrue();
            }
            try (Socket connector = connectFrom(RIGHT_PEER, listening)) {
                assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            }
        }
        assertThat(server.sessions().next().requested()).isEqualTo(SocksAddress.domain("peer.test", 0));
    }

    @Test
    void peerDomainThatDoesNotResolveGetsHostUnreachable() throws Exception {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(bind5(c, SocksAddress.domain("nowhere.test", 0)).reply()).isEqualTo(ReplyCode.HOST_UNREACHABLE);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.sessions().next().error()).contains("nowhere.test");
    }

    @Test
    void anyPeerIsRefusedUnlessAllowed() throws Exception {
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(bind5(c, ip("0.0.0.0", 0)).reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.sessions().next().error()).contains("allow-any-peer");
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(bind5(c, ip("::", 0)).reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
        }
    }

    @Test
    void anyPeerIsAcceptedWhenAllowed() throws Exception {
        server.close();
        server = RunningServer.start(BindSupport.config(BindSupport.bind(Duration.ofSeconds(30), true)));
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            InetSocketAddress listening = bind5(c, ip("0.0.0.0", 0)).bound().toSocketAddress();
            try (Socket anyone = connectFrom(INTRUDER, listening)) {
                Socks5Reply second = c.read(Socks5Reply.DECODER);
                assertThat(second.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                InetSocketAddress from = (InetSocketAddress) anyone.getLocalSocketAddress();
                assertThat(second.bound()).isEqualTo(SocksAddress.of(from));
            }
        }
        awaitNoChannels(server);
    }
}
