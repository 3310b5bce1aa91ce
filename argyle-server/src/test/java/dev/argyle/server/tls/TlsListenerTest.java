package dev.argyle.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS listener over real loopback sockets, with certificates made by {@code openssl} at test time: SOCKS5
 * inside TLS echoes byte-exact, a verified client certificate's CN is the session's user for rules and the
 * access log, a required certificate is enforced, and plain SOCKS, garbage or a stalled TLS handshake end in a
 * close without hurting other sessions.
 */
class TlsListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static EchoServer echo;
    private RunningServer server;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir, "alice", "bob");
        echo = EchoServer.onLoopback();
    }

    @AfterAll
    static void stopEcho() throws IOException {
        echo.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String clientAuth, String requestRules) throws Exception {
        String tls = "    tls:\n      cert: " + pki.serverCert + "\n      key: " + pki.serverKey + "\n"
                + (clientAuth == null ? "" : "      client-ca: " + pki.caCert + "\n      client-auth: " + clientAuth + "\n");
        server = RunningServer.start(ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1:0\n" + tls
                + "timeouts:\n  handshake: 1s\nrules:\n  requests:\n" + requestRules, "test.yaml"));
    }

    private static final String PASS_ALL = "    - action: pass\n";

    private SSLSocket tls(String clientCert) throws Exception {
        return tls(pki, clientCert);
    }

    private SSLSocket tls(TestPki trusted, String clientCert) throws Exception {
        SSLContext ctx = trusted.clientContext(clientCert);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port());
        SSLParameters params = s.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate must name localhost
        s.setSSLParameters(params);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    @Test
    void connectInsideTlsEchoesByteExact() throws Exception {
        start(null, PASS_ALL);
        byte[] payload = new byte[256 * 1024];
        new Random(7).nextBytes(payload);
        try (SSLSocket s = tls(null)) {
            assertThat(socks5Connect(s)).isEqualTo(0x00);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(payload);
                    out.flush();
                } catch (IOException ignored) {
                    // the read below fails too and says why
                }
            });
            writer.start();
            assertThat(in.readNBytes(payload.length)).isEqualTo(payload);
            writer.join(WAIT.toMillis());
        }
        Session session = server.sessions().next(WAIT);
        assertThat(session.reply()).isEqualTo("0x00");
        assertThat(session.user()).isNull();
    }

    @Test
    void aReloadPutsACertificateRenewedInPlaceInForceForNewConnectionsOnly() throws Exception {
        // The server's own copy of the files, renewed in place as certbot or a secret mount would do.
        Path live = Files.createDirectories(dir.resolve("live"));
        Path cert = live.resolve("server.pem");
        Path key = live.resolve("server.key");
        Files.copy(pki.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        String yaml = "listeners:\n  - listen: 127.0.0.1:0\n    tls:\n      cert: " + cert + "\n      key: " + key
                + "\nrules:\n  requests:\n" + PASS_ALL;
        server = RunningServer.start(ConfigLoader.parse(yaml, "test.yaml"));
        TestPki renewed = TestPki.create(Files.createDirectories(dir.resolve("renewed")));
        byte[] ping = "still the old certificate's session".getBytes(StandardCharsets.US_ASCII);
        try (SSLSocket before = tls(null)) {
            assertThat(socks5Connect(before)).isEqualTo(0x00);
            Files.copy(renewed.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
            assertThat(server.server().reload(ConfigLoader.parse(yaml, "test.yaml")).notApplied()).isEmpty();
            before.getOutputStream().write(ping); // the open session goes on with the context it began with
            before.getOutputStream().flush();
            assertThat(before.getInputStream().readNBytes(ping.length)).isEqualTo(ping);
        }
        try (SSLSocket after = tls(renewed, null)) {
            assertThat(socks5Connect(after)).as("the renewed certificate, trusted by its CA").isEqualTo(0x00);
        }
        assertThatThrownBy(() -> {
            try (SSLSocket stale = tls(null)) {
                socks5Connect(stale);
            }
        }).as("the old CA does not trust the renewed certificate").isInstanceOf(IOException.class);

        // A broken file refuses the reload, saying which, and the certificate in force stays.
        Files.writeString(key, "not a key");
        assertThatThrownBy(() -> server.server().reload(ConfigLoader.parse(yaml, "test.yaml")))
                .hasMessageContaining(key.toString());
        try (SSLSocket after = tls(renewed, null)) {
            assertThat(socks5Connect(after)).isEqualTo(0x00);
        }
    }

    @Test
    void verifiedClientCertificateNamesTheUserForRulesAndTheAccessLog() throws Exception {
        start("optional", "    - action: pass\n      users: [alice]\n    - action: block\n");
        try (SSLSocket s = tls("alice")) {
            assertThat(socks5Connect(s)).isEqualTo(0x00);
            assertEcho(s);
        }
        Session alice = server.sessions().next(WAIT);
        assertThat(alice.user()).isEqualTo("alice");
        assertThat(alice.authMethod()).isEqualTo("tls");
        assertThat(AccessLog.format(alice)).contains("user=alice");
        try (SSLSocket s = tls("bob")) {
            assertThat(socks5Connect(s)).isEqualTo(0x02); // a rule keyed on the user: bob is not alice
        }
        assertThat(server.sessions().next(WAIT).user()).isEqualTo("bob");
        try (SSLSocket s = tls(null)) { // optional: no certificate is served, but has no user
            assertThat(socks5Connect(s)).isEqualTo(0x02);
        }
        assertThat(server.sessions().next(WAIT).user()).isNull();
    }

    @Test
    void requiredClientCertificateRefusesNoneAndUntrusted() throws Exception {
        start("required", PASS_ALL);
        for (String cert : new String[] {null, "rogue"}) { // rogue: CN=alice, but signed by another CA
            assertThatThrownBy(() -> {
                try (SSLSocket s = tls(cert)) {
                    socks5Connect(s);
                }
            }).as("client certificate %s", cert).isInstanceOf(IOException.class);
        }
        try (SSLSocket s = tls("alice")) {
            assertThat(socks5Connect(s)).isEqualTo(0x00);
        }
    }

    @Test
    void plainSocksAndGarbageToATlsPortAreClosed() throws Exception {
        start(null, PASS_ALL);
        for (byte[] first : new byte[][] {{5, 1, 0}, "GET / HTTP/1.0\r\n\r\n".getBytes(), new byte[600]}) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write(first);
                assertClosedWithoutSocksReply(s);
            }
            Session refused = server.sessions().next(WAIT);
            // 3 bytes are less than a TLS record header: the handshake timeout closes them; more is refused at once
            assertThat(refused.error()).containsAnyOf("not an SSL/TLS record", "handshake timeout").hasSizeLessThan(260);
            assertThat(refused.version()).isZero(); // no SOCKS byte was read
        }
        try (SSLSocket s = tls(null)) { // the listener is still fine
            assertThat(socks5Connect(s)).isEqualTo(0x00);
        }
    }

    @Test
    void stalledTlsHandshakeIsClosedByTheHandshakeTimeout() throws Exception {
        start(null, PASS_ALL);
        // A TLS record header announcing a 512-byte ClientHello, and only the first 4 bytes of it.
        byte[] partialHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc};
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port());
             Socket partial = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            silent.setSoTimeout((int) WAIT.toMillis());
            partial.setSoTimeout((int) WAIT.toMillis());
            partial.getOutputStream().write(partialHello);
            long started = System.nanoTime();
            try (SSLSocket good = tls(null)) { // meanwhile a full session is served
                assertThat(socks5Connect(good)).isEqualTo(0x00);
                assertEcho(good);
            }
            assertClosedWithoutSocksReply(silent);
            assertClosedWithoutSocksReply(partial);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    /**
     * A real outside client: Python's {@code ssl} module (OpenSSL, not the JDK) with the SOCKS5 bytes written by
     * hand, verifying the server certificate against the test CA and presenting alice's certificate.
     */
    @Test
    void pythonSslClientWithClientCertificate() throws Exception {
        start("required", "    - action: pass\n      users: [alice]\n    - action: block\n");
        String script = String.join("\n",
                "import socket, ssl, struct, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[1])",
                "ctx.load_cert_chain(sys.argv[2], sys.argv[3])",
                "s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[4])), timeout=10), server_hostname='localhost')",
                "def rd(n):",
                "    b = b''",
                "    while len(b) < n:",
                "        c = s.recv(n - len(b))",
                "        assert c, 'closed after %d bytes' % len(b)",
                "        b += c",
                "    return b",
                "s.sendall(b'\\x05\\x01\\x00')",
                "assert rd(2) == b'\\x05\\x00'",
                "s.sendall(b'\\x05\\x01\\x00\\x01' + socket.inet_aton('127.0.0.1') + struct.pack('>H', int(sys.argv[5])))",
                "r = rd(10)",
                "assert r[1] == 0, r",
                "s.sendall(b'hello from python')",
                "print(rd(17).decode())");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, pki.caCert.toString(),
                pki.dir.resolve("alice.pem").toString(), pki.dir.resolve("alice.key").toString(),
                String.valueOf(server.port()), String.valueOf(echo.port())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(output).contains("hello from python");
        assertThat(p.exitValue()).as(output).isZero();
        Session session = server.sessions().next(WAIT);
        assertThat(session.user()).isEqualTo("alice");
        assertThat(AccessLog.format(session)).contains("auth=tls", "user=alice");
    }

    /** SOCKS5 no-auth greeting and CONNECT to the echo server; returns REP. */
    private static int socks5Connect(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] addr = echo.address().getAddress().getAddress();
        out.write(new byte[] {5, 1, 0, 5, 1, 0, 1, addr[0], addr[1], addr[2], addr[3],
                (byte) (echo.port() >> 8), (byte) echo.port()});
        out.flush();
        byte[] choice = in.readNBytes(2);
        if (choice.length < 2) {
            throw new IOException("closed before the method choice");
        }
        assertThat(choice).containsExactly(5, 0);
        byte[] reply = in.readNBytes(10);
        assertThat(reply).hasSize(10);
        return reply[1] & 0xff;
    }

    private static void assertEcho(Socket s) throws IOException {
        byte[] ping = "ping through tls\n".getBytes();
        s.getOutputStream().write(ping);
        s.getOutputStream().flush();
        assertThat(s.getInputStream().readNBytes(ping.length)).isEqualTo(ping);
    }

    /** EOF (or a reset) within the socket timeout, with no SOCKS reply first; a TLS alert may come before it. */
    private static void assertClosedWithoutSocksReply(Socket s) throws IOException {
        byte[] got;
        try {
            got = s.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
            return;
        }
        if (got.length > 0) {
            assertThat(got[0]).as("a TLS alert record, not a SOCKS reply").isEqualTo((byte) 0x15);
        }
    }
}
