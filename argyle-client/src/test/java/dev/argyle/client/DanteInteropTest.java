package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.Danted;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains with a Dante hop (Debian's dante-server 1.4.2, which has no SOCKS4a), before and after Argyle hops.
 * Skipped, saying why, when danted is not installed.
 */
class DanteInteropTest {
    @TempDir
    Path dir;
    Proxies proxies;
    Danted dante;
    EchoServer echo;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Danted.installed(), "Dante interop skipped: " + Danted.NOT_INSTALLED);
        proxies = new Proxies(dir);
        dante = Danted.start(dir);
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws Exception {
        if (echo != null) {
            echo.close();
        }
        if (dante != null) {
            dante.close();
        }
        if (proxies != null) {
            proxies.close();
        }
    }

    @Test
    void argyleThenDante() throws Exception {
        Proxies.Proxy argyle = proxies.withPassword();
        ProxyChain chain = ProxyChain.of(argyle.uri("socks5", Proxies.USER, Proxies.PASSWORD), dante.uri("socks5h"));
        try (Socket s = chain.connect("localhost", echo.port())) {
            Echo.roundTrip(s, 200_000);
        }
        assertThat(argyle.sessions.opened.get()).isEqualTo(1);
    }

    @Test
    void danteThenArgyleWithAName() throws Exception {
        Proxies.Proxy argyle = proxies.open();
        ProxyChain chain = ProxyChain.of(dante.uri("socks5"), argyle.uri("socks5h"));
        try (Socket s = chain.connect("localhost", echo.port())) {
            Echo.roundTrip(s, 200_000);
        }
        assertThat(argyle.sessions.next().requested().host()).isEqualTo("localhost");
    }

    @Test
    void danteAsASocks4Hop() throws Exception {
        Proxies.Proxy argyle = proxies.open();
        ProxyChain chain = ProxyChain.of(argyle.uri("socks4a"), dante.uri("socks4"));
        try (Socket s = chain.connect(echo.address())) {
            Echo.roundTrip(s, 10_000);
        }
    }

    @Test
    void danteRefusalIsNamed() throws Exception {
        Proxies.Proxy argyle = proxies.open();
        int closed = ChainErrorsTest.closedPort();
        ProxyChain chain = ProxyChain.of(argyle.uri("socks5"), dante.uri("socks5"));
        SocksException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> chain.connect("127.0.0.1", closed), SocksException.class);
        assertThat(e.hopIndex()).isEqualTo(2);
        assertThat(e.replyCode()).isNotNull();
        assertThat(e.getMessage()).startsWith("hop 2 of 2 (" + dante.uri("socks5") + "): CONNECT 127.0.0.1:" + closed);
    }

    @Test
    void udpThroughArgyleThenDante() throws Exception {
        udpRoundTrip(ProxyChain.of(proxies.open().uri("socks5"), dante.uri("socks5")));
    }

    @Test
    void udpThroughDanteThenArgyle() throws Exception {
        udpRoundTrip(ProxyChain.of(dante.uri("socks5"), proxies.open().uri("socks5")));
    }

    @Test
    void bindOnDante() throws Exception {
        Proxies.Proxy argyle = proxies.open();
        ProxyChain chain = ProxyChain.of(argyle.uri("socks5"), dante.uri("socks5"));
        try (SocksBind bind = chain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            try (Socket peer = new Socket()) {
                peer.connect(bind.boundAddress(), 5_000);
                peer.setSoTimeout(10_000);
                try (Socket accepted = bind.accept(Duration.ofSeconds(10))) {
                    ChainBindTest.exchange(accepted, peer);
                }
            }
        }
    }

    private void udpRoundTrip(ProxyChain chain) throws Exception {
        try (UdpEchoServer udpEcho = UdpEchoServer.onLoopback(); SocksDatagramSocket udp = chain.associate()) {
            udp.setSoTimeout(5_000);
            for (int i = 0; i < 3; i++) {
                byte[] payload = Echo.random(500, i);
                udp.send(payload, udpEcho.address());
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                udp.receive(p);
                assertThat(java.util.Arrays.copyOf(p.getData(), p.getLength())).isEqualTo(payload);
                assertThat(p.getSocketAddress()).isEqualTo(udpEcho.address());
            }
        } catch (Exception e) {
            throw new AssertionError(e + "\ndanted log:\n" + dante.log(), e);
        }
    }
}
