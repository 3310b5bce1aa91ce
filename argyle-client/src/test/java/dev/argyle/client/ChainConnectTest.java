package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.AddressType;
import dev.argyle.testkit.EchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONNECT through chains of 1, 2 and 3 real Argyle servers, mixing every hop type, with and without
 * passwords: data both ways through an echo target, half-close, and proof that every hop carried it.
 */
class ChainConnectTest {
    @TempDir
    Path dir;
    Proxies proxies;
    EchoServer echo;

    @BeforeEach
    void start() throws Exception {
        proxies = new Proxies(dir);
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws Exception {
        echo.close();
        proxies.close();
    }

    /** Hops separated by ' ', each a scheme with an optional "+pw" (the hop wants a password). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "socks4", "socks4a", "socks5", "socks5h", "socks5+pw", "socks5h+pw",
            "socks5 socks4", "socks4 socks5h", "socks5h+pw socks4a", "socks4a socks5+pw", "socks5h socks5h",
            "socks5+pw socks4a socks5h+pw", "socks4 socks5 socks5h", "socks5h socks5h+pw socks4",
    })
    void connectsThroughTheChainByName(String spec) throws Exception {
        List<Proxies.Proxy> used = new ArrayList<>();
        ProxyChain chain = proxies.chain(spec, used);

        try (Socket s = chain.connect("localhost", echo.port())) {
            assertThat(s.isConnected()).isTrue();
            assertThat(s.getRemoteSocketAddress()).isEqualTo(InetSocketAddress.createUnresolved("localhost", echo.port()));
            Echo.roundTrip(s, 256 * 1024);
        }
        for (Proxies.Proxy p : used) {
            assertThat(p.sessions.opened.get()).as("sessions at %s", p.address()).isEqualTo(1);
        }
        Proxies.Proxy last = used.get(used.size() - 1);
        boolean proxyResolves = spec.endsWith("socks5h") || spec.endsWith("socks5h+pw") || spec.endsWith("socks4a");
        assertThat(last.sessions.next().requested().type())
                .as("the last hop got a name only if it resolves names")
                .isEqualTo(proxyResolves ? AddressType.DOMAIN : AddressType.IPV4);
        assertThat(echo.accepted()).isEqualTo(1);
    }

    @Test
    void connectsToAnAddress() throws Exception {
        List<Proxies.Proxy> used = new ArrayList<>();
        ProxyChain chain = proxies.chain("socks5h socks4", used);
        try (Socket s = chain.connect(echo.address())) {
            assertThat(s.getInetAddress()).isEqualTo(echo.address().getAddress());
            assertThat(s.getPort()).isEqualTo(echo.port());
            Echo.roundTrip(s, 1000);
        }
    }

    @Test
    void aNameOnlyTheLastHopCanResolve() throws Exception {
        Proxies.Proxy first = proxies.open();
        Proxies.Proxy last = proxies.open(new TableResolver(Map.of("echo.only-the-last-hop.test",
                InetAddress.getLoopbackAddress())));
        for (String scheme : List.of("socks5h", "socks4a")) {
            ProxyChain chain = ProxyChain.of(first.uri("socks5h"), last.uri(scheme));
            try (Socket s = chain.connect("echo.only-the-last-hop.test", echo.port())) {
                Echo.roundTrip(s, 10_000);
            }
            assertThat(last.sessions.next().requested().host()).isEqualTo("echo.only-the-last-hop.test");
        }
    }

    @Test
    void bytesSentByTheDestinationRightAfterTheReplyAreNotLost() throws Exception {
        try (java.net.ServerSocket banner = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket peer = banner.accept()) {
                    peer.getOutputStream().write("220 hello\r\n".getBytes());
                    peer.getInputStream().read();
                } catch (java.io.IOException ignored) {
                    // the test reports
                }
            });
            t.setDaemon(true);
            t.start();
            ProxyChain chain = proxies.chain("socks5 socks5h+pw", new ArrayList<>());
            try (Socket s = chain.connect("127.0.0.1", banner.getLocalPort())) {
                s.setSoTimeout(10_000);
                assertThat(new String(s.getInputStream().readNBytes(11))).isEqualTo("220 hello\r\n");
            }
            t.join(10_000);
        }
    }
}
