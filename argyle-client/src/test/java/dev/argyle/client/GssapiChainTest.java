package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.GssapiConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.TestKdc;
import dev.argyle.testkit.UdpEchoServer;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code socks5+gssapi} hops against Argyle servers with GSS-API listeners, tickets from the in-process KDC:
 * the tunnel's bytes are wrapped end to end, and a GSS-API hop can be followed by more hops inside it.
 */
class GssapiChainTest {
    private static TestKdc kdc;
    private static Path keytab;
    private static Subject alice;

    @TempDir
    Path dir;
    private Proxies proxies;
    private EchoServer echo;

    @BeforeAll
    static void realm() {
        kdc = TestKdc.shared();
        keytab = kdc.keytab("client-test-server.keytab", "rcmd/localhost");
        alice = kdc.login("alice");
    }

    @BeforeEach
    void start() throws Exception {
        proxies = new Proxies(dir);
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws Exception {
        proxies.close();
        echo.close();
    }

    private Proxies.Proxy gssapiProxy(GssapiConfig config) throws Exception {
        return proxies.start(Proxies.config(AuthMode.GSSAPI, null).withGssapi(config));
    }

    private static String hop(Proxies.Proxy p) {
        return "socks5+gssapi://localhost:" + p.port();
    }

    @ParameterizedTest
    @EnumSource(value = ProtectionLevel.class, names = {"INTEGRITY", "CONFIDENTIALITY", "SELECTIVE"})
    void connectsWithEachLevel(ProtectionLevel level) throws Exception {
        Proxies.Proxy p = gssapiProxy(GssapiConfig.defaults().withKeytab(keytab));
        ProxyChain chain = ProxyChain.of(hop(p))
                .withGssapi(GssapiOptions.DEFAULT.withSubject(alice).withProtection(level));
        try (Socket s = chain.connect(echo.address())) {
            Echo.roundTrip(s, 300_000);
        }
        Session session = p.sessions.next();
        assertThat(session.user()).isEqualTo("alice@" + TestKdc.REALM);
        assertThat(session.authMethod()).isEqualTo("gssapi");
        assertThat(session.bytesUp()).isGreaterThan(300_000); // wrapped: more on the wire than the payload
    }

    @Test
    void aSecondHopRunsInsideTheProtectedTunnel() throws Exception {
        Proxies.Proxy first = gssapiProxy(GssapiConfig.defaults().withKeytab(keytab));
        Proxies.Proxy second = proxies.open();
        ProxyChain chain = ProxyChain.of(hop(first), second.uri("socks5"))
                .withGssapi(GssapiOptions.DEFAULT.withSubject(alice));
        try (Socket s = chain.connect(echo.address())) {
            Echo.roundTrip(s, 50_000);
        }
        assertThat(first.sessions.next().requested().port()).isEqualTo(second.port());
        assertThat(second.sessions.next().requested().port()).isEqualTo(echo.port());
    }

    @Test
    void ticketCacheCredentials() throws Exception {
        Path cache = kdc.ticketCache("carol", "carol-password", "krb5cc_carol");
        Proxies.Proxy p = gssapiProxy(GssapiConfig.defaults().withKeytab(keytab));
        ProxyChain chain = ProxyChain.of(hop(p)).withGssapi(GssapiOptions.DEFAULT.withTicketCache(cache));
        try (Socket s = chain.connect(echo.address())) {
            Echo.roundTrip(s, 10_000);
        }
        assertThat(p.sessions.next().user()).isEqualTo("carol@" + TestKdc.REALM);
    }

    @ParameterizedTest
    @EnumSource(value = ProtectionLevel.class, names = {"INTEGRITY", "CONFIDENTIALITY"})
    void udpThroughAGssapiHopIsWrapped(ProtectionLevel level) throws Exception {
        Proxies.Proxy p = gssapiProxy(GssapiConfig.defaults().withKeytab(keytab));
        ProxyChain chain = ProxyChain.of(hop(p))
                .withGssapi(GssapiOptions.DEFAULT.withSubject(alice).withProtection(level));
        try (UdpEchoServer udpEcho = UdpEchoServer.onLoopback(); SocksDatagramSocket udp = chain.associate()) {
            udp.setSoTimeout(10_000);
            byte[] data = "datagram through kerberos".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            udp.send(data, udpEcho.address());
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[1024], 1024);
            udp.receive(reply);
            assertThat(java.util.Arrays.copyOf(reply.getData(), reply.getLength())).isEqualTo(data);
            assertThat(reply.getSocketAddress()).isEqualTo(udpEcho.address());
        }
        Session s = p.sessions.next();
        assertThat(s.user()).isEqualTo("alice@" + TestKdc.REALM);
        assertThat(s.datagramsUp()).isEqualTo(1);
        assertThat(s.datagramsDown()).isEqualTo(1);
    }

    @Test
    void levelTheServerRefusesFailsTheHop() throws Exception {
        Proxies.Proxy p = gssapiProxy(GssapiConfig.defaults().withKeytab(keytab)
                .withProtection(List.of(ProtectionLevel.INTEGRITY)));
        ProxyChain chain = ProxyChain.of(hop(p)).withGssapi(GssapiOptions.DEFAULT.withSubject(alice)
                .withProtection(ProtectionLevel.CONFIDENTIALITY));
        assertThatThrownBy(() -> chain.connect(echo.address()))
                .isInstanceOf(SocksException.class)
                .hasMessageContaining("chose protection level integrity");
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void wrongServiceNameFailsTheHop() throws Exception {
        kdc.keytab("unused-host.keytab", "host/localhost");
        Proxies.Proxy p = gssapiProxy(GssapiConfig.defaults().withKeytab(keytab));
        ProxyChain chain = ProxyChain.of(hop(p)).withGssapi(GssapiOptions.DEFAULT.withSubject(alice).withService("host"));
        assertThatThrownBy(() -> chain.connect(echo.address()))
                .isInstanceOf(SocksException.class)
                .satisfies(e -> assertThat(((SocksException) e).kind()).isEqualTo(SocksException.Kind.AUTHENTICATION));
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void passwordServerRefusesGssapiHop() throws Exception {
        Proxies.Proxy p = proxies.withPassword();
        ProxyChain chain = ProxyChain.of(hop(p)).withGssapi(GssapiOptions.DEFAULT.withSubject(alice));
        assertThatThrownBy(() -> chain.connect(echo.address()))
                .isInstanceOf(SocksException.class)
                .hasMessageContaining("does not accept GSS-API");
    }

    @Test
    void uriWithCredentialsIsRefused() {
        assertThatThrownBy(() -> ProxyChain.of("socks5+gssapi://bob:pw@localhost:1080"))
                .hasMessageContaining("credentials from Kerberos");
        assertThat(new ArrayList<>(ProxyChain.of("socks5h+gssapi://proxy.example").hops()).get(0).scheme().proxyResolves())
                .isTrue();
    }
}
