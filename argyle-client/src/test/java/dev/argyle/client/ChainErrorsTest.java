package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.v4.Socks4Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure names the hop that failed, without its password, and the reply code in words. */
class ChainErrorsTest {
    @TempDir
    Path dir;
    Proxies proxies;

    @BeforeEach
    void start() {
        proxies = new Proxies(dir);
    }

    @AfterEach
    void stop() {
        proxies.close();
    }

    @Test
    void wrongPasswordOnHop2() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.withPassword();
        Proxies.Proxy c = proxies.open();
        ProxyChain chain = ProxyChain.of(a.uri("socks5"), b.uri("socks5h", Proxies.USER, "wrong-horse"), c.uri("socks5"));

        SocksException e = catchThrowableOfType(() -> chain.connect("localhost", 9), SocksException.class);

        assertThat(e.hopIndex()).isEqualTo(2);
        assertThat(e.hopCount()).isEqualTo(3);
        assertThat(e.kind()).isEqualTo(SocksException.Kind.AUTHENTICATION);
        assertThat(e.hop().password()).isNull();
        assertThat(e.getMessage())
                .startsWith("hop 2 of 3 (socks5h://alice@127.0.0.1:" + b.port() + "): ")
                .contains("rejected the user name and password for user 'alice'")
                .doesNotContain("wrong-horse");
        assertThat(c.sessions.opened.get()).as("hop 3 never reached").isZero();
    }

    @Test
    void missingPasswordSaysSo() throws Exception {
        Proxies.Proxy a = proxies.withPassword();
        SocksException e = catchThrowableOfType(() -> ProxyChain.of(a.uri("socks5")).connect("localhost", 9),
                SocksException.class);
        assertThat(e.getMessage()).startsWith("hop 1 of 1 (socks5://127.0.0.1:" + a.port() + "): ")
                .contains("none of the offered authentication methods");
    }

    @Test
    void refusedDestinationOnTheLastHop() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.open();
        int closedPort = closedPort();
        ProxyChain chain = ProxyChain.of(a.uri("socks5"), b.uri("socks5h"));

        SocksException e = catchThrowableOfType(() -> chain.connect("localhost", closedPort), SocksException.class);

        assertThat(e.hopIndex()).isEqualTo(2);
        assertThat(e.kind()).isEqualTo(SocksException.Kind.REPLY);
        assertThat(e.replyCode()).isEqualTo(ReplyCode.CONNECTION_REFUSED);
        assertThat(e.getMessage()).isEqualTo("hop 2 of 2 (socks5h://127.0.0.1:" + b.port() + "): CONNECT localhost:"
                + closedPort + " failed with reply 0x05 (connection refused)");
    }

    @Test
    void refusedBySocks4LastHop() throws Exception {
        Proxies.Proxy a = proxies.open();
        int closedPort = closedPort();
        SocksException e = catchThrowableOfType(() -> ProxyChain.of(a.uri("socks4")).connect("127.0.0.1", closedPort),
                SocksException.class);
        assertThat(e.socks4Status()).isEqualTo(Socks4Status.REJECTED);
        assertThat(e.getMessage()).contains("status 0x5b (rejected or failed)");
    }

    @Test
    void aHopThatCannotReachTheNextOneIsNamedWithTheNextHop() throws Exception {
        Proxies.Proxy a = proxies.open();
        int closedPort = closedPort();
        ProxyChain chain = ProxyChain.of(a.uri("socks5"), "socks5://127.0.0.1:" + closedPort);

        SocksException e = catchThrowableOfType(() -> chain.connect("localhost", 9), SocksException.class);

        assertThat(e.hopIndex()).isEqualTo(1);
        assertThat(e.getMessage()).isEqualTo("hop 1 of 2 (socks5://127.0.0.1:" + a.port() + "): CONNECT 127.0.0.1:"
                + closedPort + " failed with reply 0x05 (connection refused) (on the way to hop 2)");
    }

    @Test
    void firstHopDown() throws Exception {
        int closedPort = closedPort();
        SocksException e = catchThrowableOfType(
                () -> ProxyChain.of("socks5://u:secret@127.0.0.1:" + closedPort).connect("localhost", 9),
                SocksException.class);
        assertThat(e.kind()).isEqualTo(SocksException.Kind.CONNECT);
        assertThat(e.getMessage()).startsWith("hop 1 of 1 (socks5://u@127.0.0.1:" + closedPort
                + "): cannot connect to the proxy: Connection refused").doesNotContain("secret");
    }

    @Test
    void aSilentProxyTimesOutNamingWhatWasAwaited() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Proxies.Proxy a = proxies.open();
            ProxyChain chain = ProxyChain.of(a.uri("socks5"), "socks5://127.0.0.1:" + silent.getLocalPort())
                    .withHandshakeTimeout(Duration.ofMillis(300));
            long start = System.nanoTime();
            SocksException e = catchThrowableOfType(() -> chain.connect("localhost", 9), SocksException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(e.kind()).isEqualTo(SocksException.Kind.TIMEOUT);
            assertThat(e.hopIndex()).isEqualTo(2);
            assertThat(e.getMessage()).endsWith("no answer within 300 ms while waiting for the method choice");
        }
    }

    @Test
    void theOverallConnectTimeoutBoundsTheWalk() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ProxyChain chain = ProxyChain.of("socks4://127.0.0.1:" + silent.getLocalPort());
            Socket s = chain.socketFactory().createSocket();
            SocksException e = catchThrowableOfType(
                    () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", 9), 250), SocksException.class);
            assertThat(e.kind()).isEqualTo(SocksException.Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("within 250 ms", "the reply to CONNECT 127.0.0.1:9");
            assertThat(s.isClosed()).isTrue();
        }
    }

    @Test
    void aProxyThatHangsUpIsNamed() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = rude.accept()) {
                    s.getInputStream().read();
                } catch (java.io.IOException ignored) {
                    // closing is the point
                }
            });
            t.setDaemon(true);
            t.start();
            SocksException e = catchThrowableOfType(
                    () -> ProxyChain.of("socks5h://127.0.0.1:" + rude.getLocalPort()).connect("localhost", 9),
                    SocksException.class);
            assertThat(e.kind()).isEqualTo(SocksException.Kind.CLOSED);
            assertThat(e.getMessage()).contains("closed the connection while we waited for the method choice");
            t.join(5_000);
        }
    }

    @Test
    void socks4CannotCarryIpv6() throws Exception {
        Proxies.Proxy a = proxies.open();
        SocksException e = catchThrowableOfType(() -> ProxyChain.of(a.uri("socks4")).connect("::1", 80),
                SocksException.class);
        assertThat(e.kind()).isEqualTo(SocksException.Kind.UNSUPPORTED);
        assertThat(e.getMessage()).contains("socks4 cannot carry the IPv6 address [::1]:80");
        assertThat(a.sessions.opened.get()).as("refused before connecting").isZero();
    }

    @Test
    void socks5ResolvesHereAndSaysSo() throws Exception {
        Proxies.Proxy a = proxies.open();
        SocksException e = catchThrowableOfType(
                () -> ProxyChain.of(a.uri("socks5")).connect("no-such-host.invalid", 80), SocksException.class);
        assertThat(e.kind()).isEqualTo(SocksException.Kind.RESOLVE);
        assertThat(e.getMessage()).contains("cannot resolve no-such-host.invalid on this side", "socks5h");
    }

    @Test
    void socks5hLetsTheProxySayHostUnreachable() throws Exception {
        Proxies.Proxy a = proxies.open();
        SocksException e = catchThrowableOfType(
                () -> ProxyChain.of(a.uri("socks5h")).connect("no-such-host.invalid", 80), SocksException.class);
        assertThat(e.replyCode()).isEqualTo(ReplyCode.HOST_UNREACHABLE);
        assertThat(e.getMessage()).contains("0x04 (host unreachable)");
    }

    @Test
    void udpNeedsSocks5Everywhere() throws Exception {
        assertThatThrownBy(() -> ProxyChain.of("socks5://127.0.0.1:1", "socks4a://127.0.0.1:2").associate())
                .isInstanceOf(SocksException.class)
                .hasMessage("hop 2 of 2 (socks4a://127.0.0.1:2): UDP needs SOCKS5 on every hop, and this hop is socks4a");
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
