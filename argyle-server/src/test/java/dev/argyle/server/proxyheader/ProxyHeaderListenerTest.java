package dev.argyle.server.proxyheader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener with {@code proxy-protocol-from}, driven by hand-written v1 and v2 headers over real sockets: the
 * client the header names is the one the session, the access log and client rules see; anything else closes the
 * connection without a SOCKS reply and is counted.
 */
class ProxyHeaderListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Only 127.0.0.1 may send a header; a socket bound to 127.0.0.2 is an untrusted host. */
    private static final String CONFIG = """
            listeners:
              - listen: 127.0.0.1:0
                proxy-protocol-from: [127.0.0.1]
            timeouts:
              handshake: 2s
            rules:
              clients:
                - name: banned
                  action: block
                  from: [198.51.100.0/24]
                - action: pass
              requests:
                - action: pass
            """;
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private EchoServer echo;
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        echo = EchoServer.onLoopback();
        server = RunningServer.start(ConfigLoader.parse(CONFIG, "test.yaml"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    private ProxyHeaderCounters counters() {
        return server.server().proxyHeaderCounters();
    }

    @Test
    void v1HeaderNamesTheClientTheSessionServes() throws Exception {
        byte[] header = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 1080\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = connect(null)) {
            s.getOutputStream().write(header);
            assertEchoThroughSocks5(s);
        }
        Session session = server.sessions().next(WAIT);
        assertThat(session.client()).isEqualTo(new InetSocketAddress("203.0.113.7", 40000));
        assertThat(session.reply()).isEqualTo("0x00");
        assertThat(counters().acceptedTotal()).isEqualTo(1);
    }

    @Test
    void v2HeaderWithTlvsAndTheFirstSocksBytesInOnePacket() throws Exception {
        byte[] tlvs = {0x04, 0x00, 0x03, 1, 2, 3, (byte) 0xE0, 0x00, 0x02, 'h', 'i'}; // NOOP, then a custom TLV
        byte[] header = v2(0x21, 0x11, ipv4(203, 0, 113, 9, 127, 0, 0, 1, 51000, 1080), tlvs);
        try (Socket s = connect(null)) {
            OutputStream out = s.getOutputStream();
            out.write(concat(header, new byte[] {5, 1, 0})); // the greeting rides behind the header
            assertEchoThroughSocks5(s, false);
        }
        assertThat(server.sessions().next(WAIT).client()).isEqualTo(new InetSocketAddress("203.0.113.9", 51000));
    }

    @Test
    void v2Tcp6HeaderSplitAcrossManyWrites() throws Exception {
        ByteBuffer addresses = ByteBuffer.allocate(36);
        addresses.put(InetAddress.getByName("2001:db8::17").getAddress()).put(InetAddress.getByName("::1").getAddress());
        addresses.putShort((short) 42000).putShort((short) 1080);
        byte[] header = v2(0x21, 0x21, addresses.array(), new byte[0]);
        try (Socket s = connect(null)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < header.length; i += 5) { // TCP_NODELAY: small segments the decoder must cumulate
                out.write(header, i, Math.min(5, header.length - i));
                out.flush();
            }
            assertEchoThroughSocks5(s);
        }
        assertThat(server.sessions().next(WAIT).client())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::17"), 42000));
    }

    @Test
    void v2LocalCommandIsTheBalancersOwnConnection() throws Exception {
        byte[] header = v2(0x20, 0x00, new byte[0], new byte[0]);
        java.net.SocketAddress own;
        try (Socket s = connect(null)) {
            s.getOutputStream().write(header);
            assertEchoThroughSocks5(s);
            own = s.getLocalSocketAddress();
        }
        assertThat(server.sessions().next(WAIT).client()).isEqualTo(own);
        assertThat(counters().localTotal()).isEqualTo(1);
    }

    @Test
    void localHeaderThenCloseLeavesNoSession() throws Exception {
        try (Socket s = connect(null)) { // what HAProxy's health checks do with send-proxy-v2
            s.getOutputStream().write(v2(0x20, 0x00, new byte[0], new byte[0]));
            s.shutdownOutput();
            assertClosedWithoutReply(s);
        }
        assertThat(counters().localTotal()).isEqualTo(1);
        assertThat(server.sessions().openedCount()).isZero();
        assertThat(counters().malformedTotal() + counters().missingTotal()).isZero();
    }

    @Test
    void clientRulesAreCheckedAgainstTheHeadersClient() throws Exception {
        byte[] header = "PROXY TCP4 198.51.100.4 127.0.0.1 40000 1080\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = connect(null)) {
            s.getOutputStream().write(concat(header, new byte[] {5, 1, 0}));
            assertClosedWithoutReply(s);
        }
        Session session = server.sessions().next(WAIT);
        assertThat(session.client().getAddress().getHostAddress()).isEqualTo("198.51.100.4");
        assertThat(session.rule()).isEqualTo("banned");
    }

    @Test
    void untrustedSourceIsClosedBeforeAnyByteIsRead() throws Exception {
        byte[] header = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 1080\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = connect(InetAddress.getByName("127.0.0.2"))) {
            writeQuietly(s, concat(header, new byte[] {5, 1, 0}));
            assertClosedWithoutReply(s);
        }
        assertThat(counters().untrustedTotal()).isEqualTo(1);
        assertThat(server.sessions().openedCount()).isZero();
    }

    @Test
    void plainSocksWithoutHeaderIsClosedAtOnce() throws Exception {
        try (Socket s = connect(null)) {
            s.getOutputStream().write(new byte[] {5, 1, 0});
            assertClosedWithoutReply(s);
        }
        assertThat(counters().missingTotal()).isEqualTo(1);
        assertThat(server.sessions().openedCount()).isZero();
    }

    @Test
    void incompleteHeaderTimesOut() throws Exception {
        try (Socket s = connect(null)) {
            s.getOutputStream().write("PROXY TCP4 203.0".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertClosedWithoutReply(s);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
        }
        assertThat(counters().missingTotal()).isEqualTo(1);
    }

    @Test
    void malformedHeadersAreClosed() throws Exception {
        byte[][] bad = {
                "PROXY TCP4 not-an-address 127.0.0.1 40000 1080\r\n".getBytes(StandardCharsets.US_ASCII),
                "PROXY TCP4 203.0.113.7 127.0.0.1 99999 1080\r\n".getBytes(StandardCharsets.US_ASCII),
                ("PROXY TCP4 " + "1".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII), // over 108 bytes
                "PROXYX\r\n\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                v2(0x2F, 0x11, ipv4(1, 2, 3, 4, 5, 6, 7, 8, 1, 2), new byte[0]), // unknown command
                v2(0x21, 0x11, new byte[5], new byte[0]), // too short for its family
                v2(0x21, 0x12, ipv4(203, 0, 113, 9, 127, 0, 0, 1, 51000, 1080), new byte[0]), // UDP client
        };
        for (byte[] header : bad) {
            try (Socket s = connect(null)) {
                writeQuietly(s, concat(header, new byte[] {5, 1, 0}));
                assertClosedWithoutReply(s);
            }
        }
        assertThat(counters().malformedTotal()).isEqualTo(bad.length);
        assertThat(server.sessions().openedCount()).isZero();
    }

    @Test
    void configErrorsPointAtTheEntry() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                listeners:
                  - listen: 127.0.0.1:1080
                    proxy-protocol-from: [10.0.0.0/8, haproxy.internal]
                """, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml, line 3")
                .hasMessageContaining("proxy-protocol-from[1]");
        ServerConfig off = ServerConfig.defaults();
        assertThat(off.listeners().get(0).proxyProtocol().enabled()).isFalse();
    }

    private Socket connect(InetAddress source) throws IOException {
        Socket s = new Socket();
        if (source != null) {
            s.bind(new InetSocketAddress(source, 0));
        }
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) WAIT.toMillis());
        s.connect(server.address(), (int) WAIT.toMillis());
        return s;
    }

    private void assertEchoThroughSocks5(Socket s) throws IOException {
        assertEchoThroughSocks5(s, true);
    }

    /** SOCKS5, no auth, CONNECT to the echo server by IPv4 address; then one round trip. */
    private void assertEchoThroughSocks5(Socket s, boolean sendGreeting) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        if (sendGreeting) {
            out.write(new byte[] {5, 1, 0});
        }
        assertThat(in.readNBytes(2)).containsExactly(5, 0);
        ByteBuffer request = ByteBuffer.allocate(10).put(new byte[] {5, 1, 0, 1})
                .put(echo.address().getAddress().getAddress()).putShort((short) echo.port());
        out.write(request.array());
        byte[] reply = in.readNBytes(10);
        assertThat(reply[1]).as("reply %s", Arrays.toString(reply)).isEqualTo((byte) 0);
        out.write("ping".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
    }

    /** The server closes (EOF or reset) and sent nothing at all before it. */
    private static void assertClosedWithoutReply(Socket s) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            InputStream in = s.getInputStream();
            for (int b = in.read(); b >= 0; b = in.read()) { // bounded by SO_TIMEOUT, which fails the test
                got.write(b);
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        assertThat(got.toByteArray()).as("bytes before the close").isEmpty();
    }

    /** The server may have closed already (untrusted source): a write into a reset socket is not the point here. */
    private static void writeQuietly(Socket s, byte[] bytes) {
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException closed) {
            // seen as the close by assertClosedWithoutReply
        }
    }

    /** A v2 header: signature, version/command, family/protocol, length, addresses, TLVs (spec section 2.2). */
    static byte[] v2(int versionCommand, int familyProtocol, byte[] addresses, byte[] tlvs) {
        ByteBuffer b = ByteBuffer.allocate(16 + addresses.length + tlvs.length);
        b.put(V2_SIGNATURE).put((byte) versionCommand).put((byte) familyProtocol);
        b.putShort((short) (addresses.length + tlvs.length)).put(addresses).put(tlvs);
        return b.array();
    }

    static byte[] ipv4(int s1, int s2, int s3, int s4, int d1, int d2, int d3, int d4, int sourcePort, int destPort) {
        return ByteBuffer.allocate(12).put(new byte[] {(byte) s1, (byte) s2, (byte) s3, (byte) s4,
                (byte) d1, (byte) d2, (byte) d3, (byte) d4}).putShort((short) sourcePort).putShort((short) destPort).array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
