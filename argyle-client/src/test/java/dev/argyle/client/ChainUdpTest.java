package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UDP through 1, 2 and 3 nested associations to real UDP echo targets. Loopback UDP does not lose datagrams
 * at these rates, but every receive is bounded.
 */
class ChainUdpTest {
    @TempDir
    Path dir;
    Proxies proxies;
    UdpEchoServer echo;

    @BeforeEach
    void start() throws Exception {
        proxies = new Proxies(dir);
        echo = UdpEchoServer.onLoopback();
    }

    @AfterEach
    void stop() {
        echo.close();
        proxies.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"socks5", "socks5h+pw", "socks5 socks5h", "socks5h+pw socks5", "socks5 socks5+pw socks5h",
            "socks5h socks5h socks5h"})
    void datagramsGoThroughEveryHopAndBack(String spec) throws Exception {
        List<Proxies.Proxy> used = new ArrayList<>();
        ProxyChain chain = proxies.chain(spec, used);
        try (SocksDatagramSocket udp = chain.associate()) {
            udp.setSoTimeout(5_000);
            assertThat(udp.relays()).hasSize(used.size());
            for (int i = 0; i < 5; i++) {
                byte[] payload = Echo.random(100 + i * 300, i);
                udp.send(payload, echo.address());
                assertThat(receive(udp)).isEqualTo(new Received(payload, echo.address()));
            }
            UdpEchoServer.Received first = echo.next(Duration.ofSeconds(1));
            assertThat(first.payload()).hasSize(100);
            if (used.size() > 1) {
                assertThat(first.sender().getPort()).as("the echo hears the last hop, not us")
                        .isNotEqualTo(udp.localAddress().getPort());
            }
        }
        for (Proxies.Proxy p : used) {
            // hop k carries the control connections of hops k..N, and its own association
            assertThat(p.sessions.opened.get()).as("sessions at hop %s", p.address())
                    .isEqualTo(used.size() - used.indexOf(p));
        }
    }

    @Test
    void aNameIsResolvedByASocks5hLastHop() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.open(new TableResolver(java.util.Map.of("udp-echo.only-the-last-hop.test",
                echo.address().getAddress())));
        try (SocksDatagramSocket udp = ProxyChain.of(a.uri("socks5"), b.uri("socks5h")).associate()) {
            udp.setSoTimeout(5_000);
            udp.send("by name".getBytes(), "udp-echo.only-the-last-hop.test", echo.port());
            Received r = receive(udp);
            assertThat(new String(r.payload)).isEqualTo("by name");
            assertThat(r.from).isEqualTo(echo.address());
        }
    }

    @Test
    void repliesComeFromEachDestination() throws Exception {
        try (UdpEchoServer second = UdpEchoServer.onLoopback()) {
            Proxies.Proxy a = proxies.open();
            Proxies.Proxy b = proxies.open();
            try (SocksDatagramSocket udp = ProxyChain.of(a.uri("socks5h"), b.uri("socks5")).associate()) {
                udp.setSoTimeout(5_000);
                udp.send("one".getBytes(), echo.address());
                assertThat(receive(udp).from).isEqualTo(echo.address());
                udp.send(new DatagramPacket("two".getBytes(), 3, second.address()));
                assertThat(receive(udp).from).isEqualTo(second.address());
            }
        }
    }

    @Test
    void largeDatagramsAreFragmentedForTheLastHopToReassemble() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.open();
        ProxyChain chain = ProxyChain.of(a.uri("socks5"), b.uri("socks5")).withMaxDatagramSize(512);
        try (SocksDatagramSocket udp = chain.associate()) {
            udp.setSoTimeout(5_000);
            byte[] payload = Echo.random(5_000, 7);
            udp.send(payload, echo.address());
            UdpEchoServer.Received arrived = echo.next(Duration.ofSeconds(5));
            assertThat(arrived).as("the reassembled datagram reached the echo").isNotNull();
            assertThat(arrived.payload()).isEqualTo(payload);
            assertThat(echo.count()).isEqualTo(1);
            assertThat(a.server.udpCounters().datagramsUp()).as("hop 1 relayed fragments").isEqualTo(11);
            assertThat(a.server.udpCounters().reassembled()).as("hop 1 does not reassemble").isZero();
            assertThat(b.server.udpCounters().reassembled()).as("the last hop reassembles").isEqualTo(1);
            // The reply is not fragmented by the proxy: 5000 bytes plus two headers come back whole.
            assertThat(receive(udp).payload).isEqualTo(payload);
        }
    }

    @Test
    void fragmentationHasLimits() throws Exception {
        Proxies.Proxy a = proxies.open();
        try (SocksDatagramSocket udp = ProxyChain.of(a.uri("socks5")).withMaxDatagramSize(20).associate()) {
            assertThatThrownBy(() -> udp.send(new byte[100_000], echo.address()))
                    .hasMessageContaining("RFC 1928 allows 127");
        }
        try (SocksDatagramSocket udp = ProxyChain.of(a.uri("socks5")).withMaxDatagramSize(8).associate()) {
            assertThatThrownBy(() -> udp.send(new byte[100], echo.address()))
                    .hasMessageContaining("leaves no room for data");
        }
    }

    @Test
    void receiveIsBoundedBySoTimeout() throws Exception {
        Proxies.Proxy a = proxies.open();
        try (SocksDatagramSocket udp = ProxyChain.of(a.uri("socks5")).associate()) {
            udp.setSoTimeout(200);
            long start = System.nanoTime();
            assertThatThrownBy(() -> udp.receive(new DatagramPacket(new byte[10], 10)))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void closingEndsTheAssociationOnEveryHop() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.open();
        SocksDatagramSocket udp = ProxyChain.of(a.uri("socks5"), b.uri("socks5")).associate();
        udp.close();
        assertThat(udp.isClosed()).isTrue();
        assertThat(a.sessions.next().command().label()).isIn("connect", "udp");
        assertThat(b.sessions.next().command().label()).isEqualTo("udp");
    }

    record Received(byte[] payload, InetSocketAddress from) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Received r && java.util.Arrays.equals(payload, r.payload) && from.equals(r.from);
        }

        @Override
        public int hashCode() {
            return from.hashCode();
        }
    }

    static Received receive(SocksDatagramSocket udp) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        udp.receive(p);
        return new Received(java.util.Arrays.copyOf(p.getData(), p.getLength()), (InetSocketAddress) p.getSocketAddress());
    }
}
