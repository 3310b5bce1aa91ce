package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void emptyTextMeansDefaults() throws Exception {
        assertThat(ConfigLoader.parse("", "t.yaml")).isEqualTo(ServerConfig.defaults());
        assertThat(ConfigLoader.parse("# only a comment\n\n", "t.yaml")).isEqualTo(ServerConfig.defaults());
        assertThat(ConfigLoader.parse("---\n", "t.yaml")).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void readsEveryKey() throws Exception {
        String yaml = """
                listeners:
                  - listen: 127.0.0.1:1081
                    auth: password
                  - listen: "[::1]:0"
                    auth: none
                    allow-open: true
                users-file: /etc/argyle/users
                timeouts:
                  handshake: 3s
                  connect: 500ms
                  idle: 0
                  resolve: 1m
                shutdown-grace: 1h
                auth-throttle:
                  base-delay: 2s
                  max-delay: 20s
                  forget-after: 1h
                access-log: false
                """;
        ServerConfig c = ConfigLoader.parse(yaml, "t.yaml");
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig(new InetSocketAddress("127.0.0.1", 1081), AuthMode.PASSWORD, false),
                new ListenerConfig(new InetSocketAddress("::1", 0), AuthMode.NONE, true));
        assertThat(c.usersFile()).isEqualTo(Path.of("/etc/argyle/users"));
        assertThat(c.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ZERO, Duration.ofMinutes(1)));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(c.authThrottle()).isEqualTo(new AuthThrottleConfig(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofHours(1)));
        assertThat(c.accessLog()).isFalse();
    }

    @Test
    void missingKeysKeepTheirDefaults() throws Exception {
        ServerConfig c = ConfigLoader.parse("timeouts:\n  idle: 1m\nauth-throttle:\n", "t.yaml");
        assertThat(c).isEqualTo(ServerConfig.defaults().withTimeouts(Timeouts.defaults().withIdle(Duration.ofMinutes(1))));
        ServerConfig listenerOnly = ConfigLoader.parse("listeners:\n  - auth: password\n", "t.yaml");
        assertThat(listenerOnly.listeners()).containsExactly(ServerConfig.defaultListener().withAuth(AuthMode.PASSWORD));
    }

    @Test
    void unknownTopLevelKeyNamesKeyLineColumnAndValidKeys() {
        assertThatThrownBy(() -> ConfigLoader.parse("access-log: true\ntimeout:\n  idle: 5m\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml, line 2, column 1: timeout: unknown key; did you mean 'timeouts'? valid keys at the top level: "
                        + "listeners, users-file, timeouts, shutdown-grace, auth-throttle, access-log, bind, udp, rules, routes, limits, admin");
    }

    @Test
    void unknownNestedKeyNamesItsPath() {
        String yaml = "listeners:\n  - listen: 127.0.0.1:1080\n    allow_open: true\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml"))
                .hasMessage("t.yaml, line 3, column 5: listeners[0].allow_open: unknown key; did you mean 'allow-open'? "
                        + "valid keys in listeners[0]: listen, auth, allow-open");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts:\n  read: 5s\n", "t.yaml"))
                .hasMessage("t.yaml, line 2, column 3: timeouts.read: unknown key; valid keys in timeouts: handshake, connect, idle, resolve");
    }

    @Test
    void badValuesNamePathLineColumnAndExpectation() {
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1:1080\n    auth: foo\n", "t.yaml"))
                .hasMessage("t.yaml, line 3, column 11: listeners[0].auth: expected none or password, got 'foo'");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts:\n  connect: 10 seconds\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 12: timeouts.connect: expected a duration such as 500ms, 10s");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts:\n  connect: 10\n", "t.yaml"))
                .hasMessageContaining("(add a unit, e.g. 10s)");
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 13: listeners[0].listen: expected HOST:PORT");
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1:70000\n", "t.yaml"))
                .hasMessageContaining("port must be a number from 0 to 65535");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        assertThatThrownBy(() -> ConfigLoader.parse("access-log: maybe\n", "t.yaml"))
                .hasMessage("t.yaml, line 1, column 13: access-log: expected true or false, got 'maybe'");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts: 5s\n", "t.yaml"))
                .hasMessage("t.yaml, line 1, column 11: timeouts: expected a mapping with keys handshake, connect, idle, resolve, got '5s'");
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  listen: 127.0.0.1:1080\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 3: listeners: expected a list of entries");
        assertThatThrownBy(() -> ConfigLoader.parse("shutdown-grace: [1s]\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 1, column 17: shutdown-grace: expected a duration");
        assertThatThrownBy(() -> ConfigLoader.parse("- 1\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 1, column 1: expected a mapping of keys at the top level");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts:\n  idle:\n", "t.yaml"))
                .hasMessageContaining("timeouts.idle: expected a duration such as 500ms, 10s, 5m or 1h, got nothing");
    }

    @Test
    void emptyListenerListIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("listeners: []\n", "t.yaml"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("listeners: expected at least one listener");
    }

    @Test
    void unquotedIpv6GetsAHint() {
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - listen: [::1]:1080\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 14: not valid YAML:")
                .hasMessageEndingWith("so quote it: \"[::1]:1080\"");
    }

    @Test
    void duplicateKeysAndSyntaxErrorsHaveLocations() {
        assertThatThrownBy(() -> ConfigLoader.parse("access-log: true\naccess-log: false\n", "t.yaml"))
                .hasMessage("t.yaml, line 2, column 1: key 'access-log' appears twice (first on line 1)");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts:\n  idle: 5m\n bad: [\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line ")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void aliasesAreRefusedRatherThanReadAsTheirName() {
        assertThatThrownBy(() -> ConfigLoader.parse("shutdown-grace: &g 5s\ntimeouts:\n  idle: *g\n", "t.yaml"))
                .hasMessage("t.yaml, line 3, column 9: YAML aliases (*g) are not supported here; write the value out");
    }

    @Test
    void loadResolvesRelativeUsersFileAgainstTheConfigDirectory() throws Exception {
        Path file = dir.resolve("argyle.yaml");
        Files.writeString(file, "users-file: users\n");
        assertThat(ConfigLoader.load(file).usersFile()).isEqualTo(dir.toAbsolutePath().resolve("users"));
        Files.writeString(file, "users-file: /abs/users\n");
        assertThat(ConfigLoader.load(file).usersFile()).isEqualTo(Path.of("/abs/users"));
    }

    @Test
    void loadReportsMissingAndNonUtf8Files() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"))).hasMessageContaining("nope.yaml does not exist");
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ConfigLoader.load(latin1)).hasMessageContaining("is not UTF-8");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "\nlisteners:\n  - listen: nowhere\n");
        assertThatThrownBy(() -> ConfigLoader.load(bad)).hasMessageStartingWith(bad + ", line 3, column 13: listeners[0].listen:");
    }

    @Test
    void exampleFileInDocsLoadsValidatesAndMatchesTheDefaults() throws Exception {
        ServerConfig example = ConfigLoader.load(Path.of("../docs/argyle.example.yaml"));
        ConfigValidator.validate(example);
        // The example documents the defaults; if they drift apart, this fails.
        assertThat(example.withUsersFile(null)).isEqualTo(ServerConfig.defaults());
        assertThat(example.usersFile()).isEqualTo(Path.of("/etc/argyle/users"));
        assertThat(List.of(ConfigLoader.TOP, ConfigLoader.LISTENER, ConfigLoader.TIMEOUTS, ConfigLoader.THROTTLE,
                ConfigLoader.BIND, ConfigLoader.UDP, ConfigLoader.LIMITS, ConfigLoader.RULES, ConfigLoader.CLIENT_RULE,
                ConfigLoader.REQUEST_RULE, ConfigLoader.ROUTE, ConfigLoader.ADMIN, ConfigLoader.ADMIN_METRICS)).allSatisfy(keys ->
                assertThat(keys).allSatisfy(k -> assertThat(Files.readString(Path.of("../docs/argyle.example.yaml"))).contains(k + ":")));
    }

    @Test
    void adminIsOffByDefaultAndReadWithTokenPerUserAndTimeout() throws Exception {
        assertThat(ConfigLoader.parse("", "t.yaml").admin().enabled()).isFalse();
        ServerConfig c = ConfigLoader.parse("admin:\n  listen: 127.0.0.1:9180\n  token: abcdefghijklmnopqrstuvwx\n"
                + "  request-timeout: 3s\n  metrics:\n    per-user: true\n", "t.yaml");
        assertThat(c.admin()).isEqualTo(new AdminConfig(HostPort.parse("127.0.0.1:9180"), "abcdefghijklmnopqrstuvwx",
                true, Duration.ofSeconds(3)));
        assertThat(c.admin().toString()).doesNotContain("abcdefghijklmnopqrstuvwx");
        assertThatThrownBy(() -> ConfigLoader.parse("admin:\n  listen: 127.0.0.1:9180\n  token: short\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 3, column 10: admin.token: too short (5 characters; at least 16");
        assertThatThrownBy(() -> ConfigLoader.parse("admin:\n  metrics:\n    per-users: true\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3, column 5: admin.metrics.per-users: unknown key");
    }

    @Test
    void limitsAreReadAndBadValuesNameLineAndColumn() throws Exception {
        ServerConfig c = ConfigLoader.parse("limits:\n  max-sessions-per-client: 20\n  max-sessions: 0\n", "t.yaml");
        assertThat(c.limits()).isEqualTo(new LimitsConfig(0, 20, 0, 0));
        assertThat(ConfigLoader.parse("limits:\n", "t.yaml").limits()).isEqualTo(LimitsConfig.defaults());
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  max-sessions-per-user: -1\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 2, column 26: limits.max-sessions-per-user: -1 is outside 0-10000000");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  new-sessions-per-second-per-client: lots\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 2, column 39: limits.new-sessions-per-second-per-client:");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  max-session: 5\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean 'max-sessions'?");
    }
}
