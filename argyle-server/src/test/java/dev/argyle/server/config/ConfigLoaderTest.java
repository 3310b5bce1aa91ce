package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.gssapi.ProtectionLevel;
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
                        + "listeners, users-file, timeouts, shutdown-grace, auth-throttle, access-log, bind, udp, rules, routes, limits, control-socket, gssapi, admin, log-format, event-loops");
    }

    @Test
    void unknownNestedKeyNamesItsPath() {
        String yaml = "listeners:\n  - listen: 127.0.0.1:1080\n    allow_open: true\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml"))
                .hasMessage("t.yaml, line 3, column 5: listeners[0].allow_open: unknown key; did you mean 'allow-open'? "
                        + "valid keys in listeners[0]: listen, auth, allow-open, ident, ident-port, ident-timeout, proxy-protocol-from, tls");
        assertThatThrownBy(() -> ConfigLoader.parse("timeouts:\n  read: 5s\n", "t.yaml"))
                .hasMessage("t.yaml, line 2, column 3: timeouts.read: unknown key; valid keys in timeouts: handshake, connect, idle, resolve");
    }

    @Test
    void badValuesNamePathLineColumnAndExpectation() {
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1:1080\n    auth: foo\n", "t.yaml"))
                .hasMessage("t.yaml, line 3, column 11: listeners[0].auth: expected none, password or gssapi, got 'foo'");
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
                ConfigLoader.BIND, ConfigLoader.UDP, ConfigLoader.LIMITS, ConfigLoader.BANDWIDTH, ConfigLoader.DIRECTIONS,
                ConfigLoader.RULES, ConfigLoader.CLIENT_RULE,
                ConfigLoader.REQUEST_RULE, ConfigLoader.ROUTE, ConfigLoader.GSSAPI, ConfigLoader.ADMIN, ConfigLoader.ADMIN_METRICS,
                ConfigLoader.EVENT_LOOPS)).allSatisfy(keys ->
                assertThat(keys).allSatisfy(k -> assertThat(Files.readString(Path.of("../docs/argyle.example.yaml"))).contains(k + ":")));
    }

    @Test
    void gssapiSectionIsReadAndBadLevelsNameLineAndColumn() throws Exception {
        ServerConfig c = ConfigLoader.parse("gssapi:\n  keytab: /etc/k.keytab\n  principal: rcmd/proxy.example\n"
                + "  protection: [confidentiality, clear]\n", "t.yaml");
        assertThat(c.gssapi()).isEqualTo(new GssapiConfig(Path.of("/etc/k.keytab"), "rcmd/proxy.example",
                List.of(ProtectionLevel.CONFIDENTIALITY, ProtectionLevel.CLEAR)));
        assertThat(ConfigLoader.parse("gssapi:\n", "t.yaml").gssapi()).isEqualTo(GssapiConfig.defaults());
        assertThatThrownBy(() -> ConfigLoader.parse("gssapi:\n  protection: [integrity, strong]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 2, column 27: gssapi.protection[1]:");
        ServerConfig listener = ConfigLoader.parse("listeners:\n  - listen: 0.0.0.0:1080\n    auth: gssapi\n", "t.yaml");
        assertThatThrownBy(() -> ConfigValidator.validate(listener)).hasMessageContaining("gssapi.keytab");
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

    @Test
    void controlSocketIsAPathRelativeToTheFileOrOff(@TempDir Path dir) throws Exception {
        assertThat(ConfigLoader.parse("access-log: true\n", "t.yaml").controlSocket()).isEqualTo(ControlSocketConfig.defaults());
        assertThat(ConfigLoader.parse("control-socket: off\n", "t.yaml").controlSocket()).isEqualTo(ControlSocketConfig.off());
        assertThat(ConfigLoader.parse("control-socket: /run/argyle/control.sock\n", "t.yaml").controlSocket())
                .isEqualTo(ControlSocketConfig.at(Path.of("/run/argyle/control.sock")));
        Path file = Files.writeString(dir.resolve("argyle.yaml"), "control-socket: run/control.sock\n");
        assertThat(ConfigLoader.load(file).controlSocket()).isEqualTo(ControlSocketConfig.at(dir.resolve("run/control.sock")));
        assertThatThrownBy(() -> ConfigLoader.parse("control-socket: true\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 1, column 17: control-socket:");
    }

    @Test
    void bandwidthAndDatagramLimitsAreReadAndBadValuesNameLineAndColumn() throws Exception {
        String yaml = """
                limits:
                  bandwidth:
                    session:
                      up: 512KiB/s
                      down: 10MB/s
                    user:
                      down: 100Mbit/s
                    users:
                      backup: {up: 0, down: 0}
                      alice:
                        up: 1MiB/s
                  udp-datagrams-per-second: 500
                """;
        LimitsConfig l = ConfigLoader.parse(yaml, "t.yaml").limits();
        assertThat(l.bandwidth()).isEqualTo(new BandwidthConfig(512 * 1024, 10_000_000, 0, 12_500_000, java.util.Map.of(
                "backup", new BandwidthConfig.Rates(0, 0), "alice", new BandwidthConfig.Rates(1024 * 1024, 12_500_000))));
        assertThat(l.bandwidth().userRates("alice")).isEqualTo(new BandwidthConfig.Rates(1024 * 1024, 12_500_000));
        assertThat(l.bandwidth().userRates("bob")).isEqualTo(new BandwidthConfig.Rates(0, 12_500_000));
        assertThat(l.udpDatagramsPerSecond()).isEqualTo(500);
        assertThat(l.maxSessions()).isEqualTo(LimitsConfig.DEFAULT_MAX_SESSIONS);
        assertThat(ConfigLoader.parse("limits:\n  bandwidth:\n    user:\n", "t.yaml").limits().bandwidth())
                .isEqualTo(BandwidthConfig.none());

        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth:\n    session:\n      up: 10mb/s\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 4, column 11: limits.bandwidth.session.up: unknown unit 'mb/s'");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth:\n    user:\n      down: 300\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 4, column 13: limits.bandwidth.user.down: expected a rate")
                .hasMessageContaining("add a unit");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth:\n    sessions:\n      up: 1MB/s\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 3, column 5: limits.bandwidth.sessions: unknown key; did you mean 'session'?");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth:\n    user:\n      upload: 1MB/s\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 4, column 7: limits.bandwidth.user.upload: unknown key")
                .hasMessageContaining("valid keys in limits.bandwidth.user: up, down");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth:\n    users:\n      alice: {up: 1MB/s, dn: 0}\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 4, column 26: limits.bandwidth.users.alice.dn: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth:\n    users: [alice]\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 3, column 12: limits.bandwidth.users: expected a mapping of names");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  bandwidth: 10MB/s\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 14: limits.bandwidth: expected a mapping with keys session, user, users");
        assertThatThrownBy(() -> ConfigLoader.parse("limits:\n  udp-datagrams-per-second: many\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 29: limits.udp-datagrams-per-second: 'many' is not a whole number");
    }

    @Test
    void identKeysAreReadPerListenerAndBadValuesNameLineAndColumn() throws Exception {
        ServerConfig c = ConfigLoader.parse("""
                listeners:
                  - listen: 127.0.0.1:0
                    ident: verify
                    ident-port: 1113
                    ident-timeout: 2s
                  - listen: 127.0.0.1:1
                    ident: log
                  - listen: 127.0.0.1:2
                    ident: off
                """, "t.yaml");
        assertThat(c.listeners()).extracting(ListenerConfig::ident).containsExactly(
                new IdentConfig(IdentMode.VERIFY, 1113, Duration.ofSeconds(2)),
                new IdentConfig(IdentMode.LOG, 113, Duration.ofSeconds(5)),
                IdentConfig.defaults());
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - ident: check\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml, line 2, column 12: listeners[0].ident: expected off, log or verify, got 'check'");
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - ident-port: 70000\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml, line 2, column 17: listeners[0].ident-port: expected a port from 1 to 65535, got '70000'");
        assertThatThrownBy(() -> ConfigLoader.parse("listeners:\n  - ident-timeout: 5\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 2, column 20: listeners[0].ident-timeout:");
    }

    @Test
    void udpValuesAreReadAndOutOfRangeOnesNameLineAndColumn() throws Exception {
        ServerConfig c = ConfigLoader.parse("""
                udp:
                  idle-timeout: 7d
                  fragments: false
                  reassembly-timeout: 5m
                  reassembly-max-bytes: 16777216
                """, "t.yaml");
        assertThat(c.udp()).isEqualTo(new UdpConfig(Duration.ofDays(7), false, Duration.ofMinutes(5), 16777216));
        assertThat(ConfigLoader.parse("udp:\n", "t.yaml").udp()).isEqualTo(UdpConfig.defaults());

        assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  idle-timeout: 0\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml, line 2, column 17: udp.idle-timeout: must be more than 0 (0 would end every association at once), got 0");
        assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  idle-timeout: 8d\n", "t.yaml"))
                .hasMessage("t.yaml, line 2, column 17: udp.idle-timeout: must be at most 7d, got 8d");
        assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  fragments: true\n  reassembly-timeout: 4999ms\n", "t.yaml"))
                .hasMessage("t.yaml, line 3, column 23: udp.reassembly-timeout: must be at least 5s (RFC 1928 section 7), got 4999ms");
        assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  reassembly-timeout: 1h\n", "t.yaml"))
                .hasMessage("t.yaml, line 2, column 23: udp.reassembly-timeout: must be at most 5m, got 1h");
        assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  reassembly-max-bytes: 0\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 25: udp.reassembly-max-bytes: 0 is outside 1-16777216");
        assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  idle-timeout: 999999999999999999d\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 2, column 17: udp.idle-timeout:");
    }

    @Test
    void eventLoopsSectionSetsTransportThreadsAndSpin() throws Exception {
        ServerConfig c = ConfigLoader.parse("event-loops:\n  transport: io_uring\n  threads: 3\n  spin: 20us\n", "t.yaml");
        assertThat(c.eventLoops()).isEqualTo(EventLoopConfig.defaults()
                .withTransport(EventLoopConfig.TransportChoice.IO_URING).withThreads(3).withSpin(Duration.ofNanos(20_000)));
        assertThat(c.eventLoops().resolvedThreads()).isEqualTo(3);
        assertThat(ConfigLoader.parse("event-loops:\n  transport: nio\n", "t.yaml").eventLoops())
                .isEqualTo(EventLoopConfig.defaults().withTransport(EventLoopConfig.TransportChoice.NIO));
        assertThat(ConfigLoader.parse("", "t.yaml").eventLoops()).isEqualTo(EventLoopConfig.defaults());
    }

    @Test
    void eventLoopsRefusesUnknownKeysAndBadValuesWithLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.parse("event-loops:\n  thread: 2\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 2, column 3: event-loops.thread: unknown key; did you mean 'threads'?");
        assertThatThrownBy(() -> ConfigLoader.parse("event-loops:\n  transport: kqueue\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("expected auto, epoll, io_uring or nio, got 'kqueue'");
        assertThatThrownBy(() -> ConfigLoader.parse("event-loops:\n  threads: two\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("a whole number of event loops from 1 to 1024");
        assertThatThrownBy(() -> ConfigLoader.parse("event-loops:\n  spin: 20\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("add a unit");
    }
}
