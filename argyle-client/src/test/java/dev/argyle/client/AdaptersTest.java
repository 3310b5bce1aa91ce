package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.AddressType;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.HttpTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Existing java.net code going through a chain: code that takes a {@link SocketFactory}, and code that
 * uses a {@link java.net.Proxy} or the default {@link ProxySelector}. Each test proves the chain was used
 * (every hop saw the session) and not bypassed (the same code fails when a hop is down).
 */
class AdaptersTest {
    @TempDir
    Path dir;
    Proxies proxies;
    EchoServer echo;
    HttpTarget http;
    List<Proxies.Proxy> used = new ArrayList<>();
    ProxyChain chain;

    @BeforeEach
    void start() throws Exception {
        proxies = new Proxies(dir);
        echo = EchoServer.onLoopback();
        http = new HttpTarget(InetAddress.getLoopbackAddress());
        chain = proxies.chain("socks5+pw socks4a socks5h", used);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        echo.close();
        proxies.close();
    }

    /** Stands for any library that speaks a line protocol over sockets from a factory it is given. */
    static String legacyHttpGet(SocketFactory factory, String host, int port, String path) throws IOException {
        try (Socket s = factory.createSocket(host, port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder response = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                response.append(line).append('\n');
            }
            return response.toString();
        }
    }

    @Test
    void socketFactoryForCodeThatTakesOne() throws Exception {
        SocketFactory factory = chain.socketFactory();
        String response = legacyHttpGet(factory, "localhost", http.port(), "/via-factory");

        assertThat(response).startsWith("HTTP/1.1 200").contains(HttpTarget.BODY + "/via-factory");
        assertThat(used).allSatisfy(p -> assertThat(p.sessions.opened.get()).isEqualTo(1));
        assertThat(used.get(2).sessions.next().requested().type()).isEqualTo(AddressType.DOMAIN);
    }

    @Test
    void socketFactoryUnconnectedSocketConnectsThroughTheChain() throws Exception {
        Socket s = chain.socketFactory().createSocket();
        assertThat(s.isConnected()).isFalse();
        s.connect(echo.address(), 5_000);
        try (s) {
            Echo.roundTrip(s, 50_000);
        }
        Socket named = chain.socketFactory().createSocket(InetAddress.getLoopbackAddress(), echo.port(),
                InetAddress.getLoopbackAddress(), 0);
        try (named) {
            Echo.roundTrip(named, 10);
        }
        assertThat(used.get(0).sessions.opened.get()).isEqualTo(2);
    }

    @Test
    void socketFactoryFailsWhenAHopIsDown() throws Exception {
        used.get(1).server.shutdown(java.time.Duration.ZERO);
        assertThatThrownBy(() -> legacyHttpGet(chain.socketFactory(), "localhost", http.port(), "/"))
                .isInstanceOf(SocksException.class)
                .hasMessageContaining("hop 1 of 3")
                .hasMessageContaining("(on the way to hop 2)");
    }

    @Test
    void proxySelectorWithSocketOfProxy() throws Exception {
        try (ChainProxySelector selector = ChainProxySelector.start(chain)) {
            Socket s = new Socket(selector.proxy());
            s.connect(InetSocketAddress.createUnresolved("localhost", echo.port()), 5_000);
            try (s) {
                Echo.roundTrip(s, 100_000);
            }
        }
        assertThat(used).allSatisfy(p -> assertThat(p.sessions.opened.get()).isEqualTo(1));
        assertThat(used.get(2).sessions.next().requested().host()).isEqualTo("localhost");
    }

    @Test
    void proxySelectorReportsTheFailingHopsCode() throws Exception {
        try (ChainProxySelector selector = ChainProxySelector.start(chain)) {
            int closed = ChainErrorsTest.closedPort();
            Socket s = new Socket(selector.proxy());
            assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", closed), 5_000))
                    .isInstanceOf(java.net.SocketException.class)
                    .hasMessageContaining("Connection refused");
            s.close();
        }
    }

    @Test
    void httpUrlConnectionThroughTheSelectorsProxy() throws Exception {
        try (ChainProxySelector selector = ChainProxySelector.start(chain)) {
            URL url = new URL(http.url("127.0.0.1", "/via-proxy"));
            HttpURLConnection c = (HttpURLConnection) url.openConnection(selector.select(url.toURI()).get(0));
            c.setConnectTimeout(5_000);
            c.setReadTimeout(10_000);
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(HttpTarget.BODY + "/via-proxy");
            c.disconnect();
        }
        assertThat(used).allSatisfy(p -> assertThat(p.sessions.opened.get()).isPositive());
    }

    @Test
    void asTheDefaultSelectorPlainSocketsGoThroughTheChain() throws Exception {
        ProxySelector previous = ProxySelector.getDefault();
        try (ChainProxySelector selector = ChainProxySelector.start(chain)) {
            ProxySelector.setDefault(selector);
            try (Socket s = new Socket()) {
                s.connect(echo.address(), 5_000);
                Echo.roundTrip(s, 1_000);
            }
            // The chain's own connection to hop 1 does not consult the default selector (no loop).
            assertThat(used).allSatisfy(p -> assertThat(p.sessions.opened.get()).isEqualTo(1));
        } finally {
            ProxySelector.setDefault(previous);
        }
    }
}
