package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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

/** BIND through chains: the last hop listens, the peer connects to it, data flows both ways. */
class ChainBindTest {
    static final InetSocketAddress LOOPBACK_PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"socks5", "socks4", "socks5h+pw", "socks5h socks5", "socks5 socks4", "socks4a socks5+pw",
            "socks5+pw socks4 socks5h"})
    void bindsOnTheLastHop(String spec) throws Exception {
        List<Proxies.Proxy> used = new ArrayList<>();
        ProxyChain chain = proxies.chain(spec, used);
        Proxies.Proxy last = used.get(used.size() - 1);

        try (SocksBind bind = chain.bind(LOOPBACK_PEER)) {
            InetSocketAddress bound = bind.boundAddress();
            assertThat(bound.getAddress().isLoopbackAddress()).as("bound %s", bound).isTrue();
            assertThat(bound.getPort()).isNotIn(0, last.port());
            try (Socket peer = new Socket()) {
                peer.connect(bound, 5_000);
                peer.setSoTimeout(10_000);
                try (Socket accepted = bind.accept(Duration.ofSeconds(10))) {
                    accepted.setSoTimeout(10_000);
                    assertThat(((InetSocketAddress) accepted.getRemoteSocketAddress()).getPort())
                            .isEqualTo(peer.getLocalPort());
                    exchange(accepted, peer);
                }
            }
        }
        for (Proxies.Proxy p : used) {
            assertThat(p.sessions.opened.get()).isEqualTo(1);
        }
    }

    @Test
    void acceptTimesOutAndCanBeRetried() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.open();
        try (SocksBind bind = ProxyChain.of(a.uri("socks5"), b.uri("socks5")).bind(LOOPBACK_PEER)) {
            SocksException e = catchThrowableOfType(() -> bind.accept(Duration.ofMillis(200)), SocksException.class);
            assertThat(e.kind()).isEqualTo(SocksException.Kind.TIMEOUT);
            assertThat(e.hopIndex()).isEqualTo(2);
            assertThat(e.getMessage()).contains("no answer within 200 ms while waiting for the second BIND reply");
            try (Socket peer = new Socket()) {
                peer.connect(bind.boundAddress(), 5_000);
                try (Socket accepted = bind.accept(Duration.ofSeconds(10))) {
                    exchange(accepted, peer);
                }
            }
        }
    }

    @Test
    void aBindThatTheLastHopRefusesNamesIt() throws Exception {
        Proxies.Proxy a = proxies.open();
        Proxies.Proxy b = proxies.open();
        // 0.0.0.0 asks for "any peer", which Argyle refuses unless bind.allow-any-peer is set.
        SocksException e = catchThrowableOfType(() -> ProxyChain.of(a.uri("socks5"), b.uri("socks5"))
                .bind(new InetSocketAddress("0.0.0.0", 0)), SocksException.class);
        assertThat(e.hopIndex()).isEqualTo(2);
        assertThat(e.getMessage()).contains("BIND 0.0.0.0:0 failed with reply 0x02 (connection not allowed by ruleset)");
    }

    static void exchange(Socket accepted, Socket peer) throws Exception {
        accepted.setSoTimeout(10_000);
        OutputStream toPeer = accepted.getOutputStream();
        InputStream fromPeer = accepted.getInputStream();
        toPeer.write("hello peer".getBytes());
        toPeer.flush();
        assertThat(new String(peer.getInputStream().readNBytes(10))).isEqualTo("hello peer");
        peer.getOutputStream().write("hello back".getBytes());
        peer.getOutputStream().flush();
        assertThat(new String(fromPeer.readNBytes(10))).isEqualTo("hello back");
        peer.shutdownOutput();
        assertThat(fromPeer.read()).isEqualTo(-1);
    }
}
