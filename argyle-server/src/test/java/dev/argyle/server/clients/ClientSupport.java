package dev.argyle.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.AuthThrottleConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ExternalProgram;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the real-client tests share: the deadline, the proxy-only name, a users file, session checks. */
final class ClientSupport {
    /** Every client run is killed (and the test failed) after this. */
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Only the proxy's {@link FakeResolver} knows this name; a session requesting it proves remote resolution. */
    static final String PROXY_ONLY_NAME = "argyle-target.test";
    /** Nobody can resolve this name, neither the client nor the proxy. */
    static final String UNKNOWN_NAME = "nowhere.argyle.test";
    static final String USER = "alice";
    static final String PASSWORD = "s3cret-Pa55";

    /**
     * Clears proxy settings a CI environment may carry, so that a client uses only the proxy the test names.
     * (curl additionally gets {@code --noproxy}, because an empty variable is not the same as an unset one.)
     */
    static final Map<String, String> CLEAN_ENV = Map.of(
            "http_proxy", "", "HTTP_PROXY", "", "https_proxy", "", "HTTPS_PROXY", "",
            "all_proxy", "", "ALL_PROXY", "", "no_proxy", "", "NO_PROXY", "", "LC_ALL", "C");

    private ClientSupport() {
    }

    /** A resolver that maps {@link #PROXY_ONLY_NAME} to 127.0.0.1 and fails everything else. */
    static FakeResolver proxyOnlyNames() {
        return new FakeResolver().map(PROXY_ONLY_NAME, InetAddress.getLoopbackAddress());
    }

    /**
     * A password listener whose users file (in {@code dir}) holds {@link #USER}/{@link #PASSWORD}. Failed
     * attempts are throttled by milliseconds instead of the default second, to keep the tests fast.
     */
    static ServerConfig passwordConfig(Path dir) throws IOException {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, USER, PASSWORD.toCharArray());
        return RunningServer.config(AuthMode.PASSWORD, users).withAuthThrottle(
                new AuthThrottleConfig(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1)));
    }

    /** Runs {@code command} with {@link #CLEAN_ENV}, no stdin, within {@link #DEADLINE}. */
    static ExternalProgram.Result run(List<String> command) throws IOException, InterruptedException {
        return ExternalProgram.run(DEADLINE, command, null, CLEAN_ENV);
    }

    /** Runs {@code command} with {@code stdin} and {@link #CLEAN_ENV}, within {@link #DEADLINE}. */
    static ExternalProgram.Result run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        return ExternalProgram.run(DEADLINE, command, stdin, CLEAN_ENV);
    }

    /** A loopback port nobody listens on (it was free a moment ago, which is good enough on a test machine). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The session the client's run left on {@code server}. Call it after the client exited: a client that used
     * the proxy has opened its session by then, so "never connected" fails at once instead of after a wait.
     */
    static Session sessionOf(RunningServer server) throws InterruptedException {
        assertThat(server.sessions().openedCount())
                .as("sessions opened on the proxy (0: the client did not use the proxy at all)").isPositive();
        return server.sessions().next();
    }

    /** Asserts a CONNECT session with {@code version} to {@code host}:{@code port} that got {@code reply}. */
    static void assertConnect(Session s, int version, String host, int port, String reply) {
        String described = describe(s);
        assertThat(s.version()).as("SOCKS version of %s", described).isEqualTo(version);
        assertThat(s.command()).as("command of %s", described).isEqualTo(Command.CONNECT);
        assertThat(s.requested()).as("requested destination of %s", described).isNotNull();
        assertThat(s.requested().host()).as("requested host of %s", described).isEqualTo(host);
        assertThat(s.requested().port()).as("requested port of %s", described).isEqualTo(port);
        assertThat(s.reply()).as("reply of %s", described).isEqualTo(reply);
    }

    /** Asserts a successful CONNECT that relayed bytes both ways and ended without an error. */
    static void assertRelayed(Session s, int version, String host, int port) {
        assertConnect(s, version, host, port, version == 4 ? "0x5a" : "0x00");
        String described = describe(s);
        assertThat(s.error()).as("error of %s", described).isNull();
        assertThat(s.bytesUp()).as("bytes up of %s", described).isPositive();
        assertThat(s.bytesDown()).as("bytes down of %s", described).isPositive();
    }

    /** A one-line account of a session for assertion messages. */
    static String describe(Session s) {
        return "session[v" + s.version() + " auth=" + s.authMethod() + " user=" + s.user() + " " + s.command()
                + " " + s.requested() + (s.requested() != null && s.requested().isDomain() ? " (domain)" : "")
                + " reply=" + s.reply() + " up=" + s.bytesUp() + " down=" + s.bytesDown()
                + " error=" + s.error() + "]";
    }
}
