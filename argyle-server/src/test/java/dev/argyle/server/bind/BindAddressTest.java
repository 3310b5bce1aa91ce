package dev.argyle.server.bind;

import static dev.argyle.server.bind.BindSupport.RIGHT_PEER;
import static dev.argyle.server.bind.BindSupport.bind5;
import static dev.argyle.server.bind.BindSupport.connectFrom;
import static dev.argyle.server.bind.BindSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.BindConfig;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which address a BIND listens on: the client's latest outbound CONNECT address, else
 * {@code bind.external-address}, else the address the control connection arrived on. The SOCKS listener sits
 * on 127.0.0.7 so that each choice shows as a different loopback address.
 */
class BindAddressTest {
    private static final String CONTROL = "127.0.0.7";
    private static final BindConfig WAIT = BindSupport.bind(Duration.ofSeconds(30), false);

    private static ServerConfig onControlAddress(BindConfig bind) {
        ListenerConfig listener = new ListenerConfig(new InetSocketAddress(CONTROL, 0), AuthMode.NONE, false);
        return RunningServer.config(AuthMode.NONE, null).withListeners(List.of(listener)).withBind(bind);
    }

    @Test
    void withoutEarlierConnectItListensWhereTheClientCameIn() throws Exception {
        try (RunningServer server = RunningServer.start(onControlAddress(WAIT));
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            SocksAddress listening = bind5(c, ip(RIGHT_PEER, 0)).bound();
            assertThat(listening.address()).isEqualTo(InetAddress.getByName(CONTROL));
            try (Socket peer = connectFrom(RIGHT_PEER, listening.toSocketAddress())) {
                assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            }
        }
    }

    @Test
    void afterAConnectItListensOnThatConnectionsOutboundAddress() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(onControlAddress(WAIT))) {
            SocksAddress outbound;
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                Socks5Reply connected = c.connect5(SocksAddress.of(echo.address()));
                assertThat(connected.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                outbound = connected.bound();
            }
            assertThat(outbound.address()).isNotEqualTo(InetAddress.getByName(CONTROL));
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                SocksAddress listening = bind5(c, ip(RIGHT_PEER, 0)).bound();
                assertThat(listening.address()).isEqualTo(outbound.address());
                try (Socket peer = connectFrom(RIGHT_PEER, listening.toSocketAddress())) {
                    assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                }
            }
        }
    }

    @Test
    void externalAddressIsUsedWhenNoConnectCameFirst() throws Exception {
        InetAddress external = InetAddress.getByName("127.0.0.9");
        BindConfig bind = new BindConfig(Duration.ofSeconds(30), 0, 0, external, false);
        try (RunningServer server = RunningServer.start(onControlAddress(bind));
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            SocksAddress listening = bind5(c, ip(RIGHT_PEER, 0)).bound();
            assertThat(listening.address()).isEqualTo(external);
            try (Socket peer = connectFrom(RIGHT_PEER, listening.toSocketAddress())) {
                assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            }
        }
    }

    @Test
    void anExternalAddressThatIsNotLocalFailsCleanly() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface: listening there fails, and no other port would help.
        BindConfig bind = new BindConfig(Duration.ofSeconds(30), 0, 0, InetAddress.getByName("192.0.2.1"), false);
        try (RunningServer server = RunningServer.start(onControlAddress(bind))) {
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                assertThat(bind5(c, ip(RIGHT_PEER, 0)).reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
            }
            assertThat(server.sessions().next().error()).contains("cannot listen on 192.0.2.1");
        }
    }

    @Test
    void anIpv6PeerIsNotSentToAnIpv4Address() throws Exception {
        // external-address is IPv4; a peer named as ::1 could never reach it, so the control address is used.
        BindConfig bind = new BindConfig(Duration.ofSeconds(30), 0, 0, InetAddress.getByName("127.0.0.9"), false);
        try (RunningServer server = RunningServer.start(onControlAddress(bind));
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            SocksAddress listening = bind5(c, ip("::1", 0)).bound();
            assertThat(listening.address()).isEqualTo(InetAddress.getByName(CONTROL));
        }
    }
}
