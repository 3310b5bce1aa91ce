package dev.argyle.server.clients;

import static dev.argyle.server.clients.ClientSupport.PASSWORD;
import static dev.argyle.server.clients.ClientSupport.PROXY_ONLY_NAME;
import static dev.argyle.server.clients.ClientSupport.USER;
import static dev.argyle.server.clients.ClientSupport.assertRelayed;
import static dev.argyle.server.clients.ClientSupport.describe;
import static dev.argyle.server.clients.ClientSupport.sessionOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own SOCKS client (SocksSocketImpl) through Argyle: {@code HttpURLConnection} in a separate JVM
 * configured only by system properties, and {@code new Socket(Proxy)} in this one.
 *
 * <p>Which "non-proxy hosts" list applies depends on the caller, not on the proxy type. A plain
 * {@code Socket} asks the proxy selector for scheme "socket" and so obeys {@code socksNonProxyHosts};
 * {@code HttpURLConnection} asks for scheme "http" and, when no {@code http.proxyHost} is set, falls back to
 * {@code socksProxyHost} but keeps applying {@code http.nonProxyHosts}, whose default
 * ({@code localhost|127.*|[::1]|0.0.0.0|[::0]}) sends loopback targets direct. So an HTTP fetch from a
 * loopback target through SOCKS needs {@code -Dhttp.nonProxyHosts=} (empty); {@code -DsocksNonProxyHosts=}
 * alone is not enough ({@link #socksNonProxyHostsAloneDoesNotProxyHttpToLoopback} pins this down). The JDK's
 * SOCKS5 client sends an unresolved name as ATYP 3; its SOCKS4 client speaks no SOCKS4a (IPv4 only).
 */
class JavaClientTest {
    /** argv: url [user password]. Prints "STATUS BODY"; with credentials answers the SOCKS5 login with them. */
    private static final String FETCH = """
            import java.net.*;

            public class Fetch {
                public static void main(String[] args) throws Exception {
                    if (args.length == 3) {
                        Authenticator.setDefault(new Authenticator() {
                            @Override
                            protected PasswordAuthentication getPasswordAuthentication() {
                                return new PasswordAuthentication(args[1], args[2].toCharArray());
                            }
                        });
                    }
                    HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
                    c.setConnectTimeout(10_000);
                    c.setReadTimeout(10_000);
                    System.out.print(c.getResponseCode() + " " + new String(c.getInputStream().readAllBytes()));
                }
            }
            """;

    @TempDir
    static Path dir;
    private static Path fetch;
    private static String java;
    private HttpTarget target;

    @BeforeAll
    static void writeProgram() throws IOException {
        java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("cannot tell which java runs this test"));
        fetch = dir.resolve("Fetch.java");
        Files.writeString(fetch, FETCH, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startTarget() throws IOException {
        target = new HttpTarget(InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void socks5BySystemProperties() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = fetch(viaProxy(server, "-Dhttp.nonProxyHosts=",
                    "-DsocksNonProxyHosts="), target.url("127.0.0.1", "/java5"));

            assertThat(r.exitCode()).as("java: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("200 " + HttpTarget.BODY + "/java5");
            assertRelayed(sessionOf(server), 5, "127.0.0.1", target.port());
        }
    }

    @Test
    void socks4BySystemProperties() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = fetch(viaProxy(server, "-DsocksProxyVersion=4",
                    "-Dhttp.nonProxyHosts=", "-DsocksNonProxyHosts="), target.url("127.0.0.1", "/java4"));

            assertThat(r.exitCode()).as("java: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("200 " + HttpTarget.BODY + "/java4");
            assertRelayed(sessionOf(server), 4, "127.0.0.1", target.port());
        }
    }

    /** The child cannot resolve the name, so the JDK hands it to the proxy unresolved (ATYP 3). */
    @Test
    void socks5SendsUnresolvedNamesToTheProxy() throws Exception {
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                ClientSupport.proxyOnlyNames())) {
            ExternalProgram.Result r = fetch(viaProxy(server), target.url(PROXY_ONLY_NAME, "/name"));

            assertThat(r.exitCode()).as("java: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("200 " + HttpTarget.BODY + "/name");
            Session s = sessionOf(server);
            assertRelayed(s, 5, PROXY_ONLY_NAME, target.port());
            assertThat(s.requested().isDomain()).as(describe(s)).isTrue();
        }
    }

    /** SocksSocketImpl asks the default Authenticator when the server picks username/password. */
    @Test
    void socks5WithPasswordFromAuthenticator(@TempDir Path users) throws Exception {
        try (RunningServer server = RunningServer.start(ClientSupport.passwordConfig(users))) {
            ExternalProgram.Result r = fetch(viaProxy(server, "-Dhttp.nonProxyHosts="),
                    target.url("127.0.0.1", "/auth"), USER, PASSWORD);

            assertThat(r.exitCode()).as("java: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("200 " + HttpTarget.BODY + "/auth");
            Session s = sessionOf(server);
            assertRelayed(s, 5, "127.0.0.1", target.port());
            assertThat(s.user()).isEqualTo(USER);
        }
    }

    /**
     * Documents the trap in the class comment: with only {@code -DsocksNonProxyHosts=} the fetch of a loopback URL
     * succeeds without ever opening a session on the proxy. A test written that way proves nothing.
     */
    @Test
    void socksNonProxyHostsAloneDoesNotProxyHttpToLoopback() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = fetch(viaProxy(server, "-DsocksNonProxyHosts="),
                    target.url("127.0.0.1", "/direct"));

            assertThat(r.exitCode()).as("java: %s", r).isZero();
            assertThat(r.stdout()).isEqualTo("200 " + HttpTarget.BODY + "/direct");
            // A proxied fetch opens its session before the request is relayed, so by now it would be counted.
            assertThat(server.sessions().openedCount()).as("sessions opened on the proxy").isZero();
        }
    }

    @Test
    void inProcessSocketWithSocksProxy() throws Exception {
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null),
                ClientSupport.proxyOnlyNames());
             EchoServer echo = EchoServer.onLoopback()) {
            Proxy proxy = new Proxy(Proxy.Type.SOCKS, server.address());

            assertThat(echoThrough(proxy, echo.address(), "by address")).isEqualTo("by address");
            assertRelayed(sessionOf(server), 5, "127.0.0.1", echo.port());

            InetSocketAddress byName = InetSocketAddress.createUnresolved(PROXY_ONLY_NAME, echo.port());
            assertThat(echoThrough(proxy, byName, "by name")).isEqualTo("by name");
            Session s = sessionOf(server);
            assertRelayed(s, 5, PROXY_ONLY_NAME, echo.port());
            assertThat(s.requested().isDomain()).as(describe(s)).isTrue();
        }
    }

    /** Sends {@code message} through {@code proxy} to {@code destination}, half-closes, returns the echo. */
    private static String echoThrough(Proxy proxy, InetSocketAddress destination, String message)
            throws IOException {
        try (Socket socket = new Socket(proxy)) {
            socket.setSoTimeout(10_000);
            socket.connect(destination, 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** JVM flags that make the JDK's default proxy selector use {@code server}, followed by {@code more}. */
    private static List<String> viaProxy(RunningServer server, String... more) {
        List<String> flags = new ArrayList<>(List.of("-DsocksProxyHost=127.0.0.1",
                "-DsocksProxyPort=" + server.port()));
        flags.addAll(List.of(more));
        return flags;
    }

    /** Runs Fetch.java in a new JVM with {@code flags}. */
    private static ExternalProgram.Result fetch(List<String> flags, String url, String... credentials)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(flags);
        cmd.add(fetch.toString());
        cmd.add(url);
        cmd.addAll(List.of(credentials));
        return ClientSupport.run(cmd);
    }
}
