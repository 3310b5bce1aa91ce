package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ControlSocketConfig;
import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.config.EventLoopConfig.TransportChoice;
import dev.argyle.server.config.HostPort;
import dev.argyle.server.config.IdentConfig;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.LogFormat;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.Timeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path dir;

    private final CliHarness cli = new CliHarness();

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static ListenerConfig listener(String hostPort, AuthMode auth, boolean allowOpen) {
        return new ListenerConfig(HostPort.parse(hostPort), auth, allowOpen);
    }

    @Test
    void noFlagsMeansDefaults() {
        CliHarness.Result r = cli.run("serve");
        assertThat(r.exitCode()).isZero();
        assertThat(r.config()).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void flagsOverrideTheFileFieldByField() throws IOException {
        Path users = write("users", "");
        Path config = write("argyle.yaml", """
                listeners:
                  - listen: 127.0.0.1:0
                  - listen: "[::1]:0"
                timeouts:
                  handshake: 3s
                  connect: 4s
                shutdown-grace: 1m
                access-log: false
                """);
        CliHarness.Result r = cli.run("serve", "--config", config.toString(), "--auth", "password", "--users", users.toString(),
                "--idle-timeout", "0", "--connect-timeout", "500ms");
        assertThat(r.exitCode()).as(r.err()).isZero();
        ServerConfig c = r.config();
        assertThat(c.listeners()).containsExactly(listener("127.0.0.1:0", AuthMode.PASSWORD, false), listener("[::1]:0", AuthMode.PASSWORD, false));
        assertThat(c.usersFile()).isEqualTo(users);
        assertThat(c.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(5)));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.accessLog()).isFalse();
    }

    @Test
    void listenReplacesTheFilesListenersAndAllowOpenAppliesToEach() throws IOException {
        Path config = write("argyle.yaml", "listeners:\n  - listen: 127.0.0.1:1\n    auth: password\n");
        CliHarness.Result r = cli.run("serve", "--config", config.toString(), "--listen", "0.0.0.0:0", "--listen", "127.0.0.1:0",
                "--allow-open", "--handshake-timeout", "1s", "--resolve-timeout", "2s", "--shutdown-grace", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        ServerConfig c = r.config();
        assertThat(c.listeners()).containsExactly(listener("0.0.0.0:0", AuthMode.NONE, true), listener("127.0.0.1:0", AuthMode.NONE, true));
        assertThat(c.timeouts().handshake()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.timeouts().resolve()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.shutdownGrace()).isZero();
    }

    @Test
    void logFormatComesFromTheFileAndTheFlagWins() throws IOException {
        Path config = write("argyle.yaml", "log-format: json\n");
        assertThat(cli.run("serve", "--config", config.toString()).config().logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(cli.run("serve", "--config", config.toString(), "--log-format", "text").config().logFormat())
                .isEqualTo(LogFormat.TEXT);
        assertThat(cli.run("serve", "--log-format", "JSON").config().logFormat()).isEqualTo(LogFormat.JSON);

        CliHarness.Result bad = cli.run("serve", "--log-format", "xml");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--log-format", "expected text or json, got 'xml'");
        Path badFile = write("bad.yaml", "log-format: yaml\n");
        CliHarness.Result badConfig = cli.run("serve", "--config", badFile.toString());
        assertThat(badConfig.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badConfig.err()).contains("line 1", "log-format");
    }

    @Test
    void eventLoopFlagsOverrideTheFileKeyByKey() throws IOException {
        Path config = write("argyle.yaml", "event-loops:\n  transport: nio\n  threads: 3\n");
        assertThat(cli.run("serve", "--config", config.toString()).config().eventLoops())
                .isEqualTo(EventLoopConfig.defaults().withTransport(TransportChoice.NIO).withThreads(3));
        assertThat(cli.run("serve", "--config", config.toString(), "--transport", "epoll", "--spin", "20us").config()
                .eventLoops()).isEqualTo(EventLoopConfig.defaults().withTransport(TransportChoice.EPOLL).withThreads(3)
                .withSpin(Duration.ofNanos(20_000)));
        assertThat(cli.run("serve", "--io-threads", "4").config().eventLoops())
                .isEqualTo(EventLoopConfig.defaults().withThreads(4));

        CliHarness.Result badTransport = cli.run("serve", "--transport", "kqueue");
        assertThat(badTransport.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badTransport.err()).contains("--transport", "expected auto, epoll, io_uring or nio, got 'kqueue'");
        CliHarness.Result tooMany = cli.run("serve", "--io-threads", "0");
        assertThat(tooMany.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMany.err()).contains("event-loops.threads: must be from 1 to 1024, got 0");
        CliHarness.Result microsElsewhere = cli.run("serve", "--connect-timeout", "500us");
        assertThat(microsElsewhere.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(microsElsewhere.err()).contains("expected a duration such as 500ms");
        CliHarness.Result spinOnNio = cli.run("serve", "--config", config.toString(), "--spin", "20us");
        assertThat(spinOnNio.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(spinOnNio.err()).contains("event-loops.spin: polling before blocking is for the epoll transport only");
    }

    @Test
    void identFlagSetsTheModeOnEveryListenerAndKeepsTheFilesPortAndTimeout() throws IOException {
        Path config = write("argyle.yaml", """
                listeners:
                  - listen: 127.0.0.1:0
                    ident-port: 1113
                    ident-timeout: 2s
                  - listen: "[::1]:0"
                """);
        CliHarness.Result r = cli.run("serve", "--config", config.toString(), "--ident", "verify");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.config().listeners()).extracting(ListenerConfig::ident).containsExactly(
                new IdentConfig(IdentMode.VERIFY, 1113, Duration.ofSeconds(2)),
                new IdentConfig(IdentMode.VERIFY, 113, Duration.ofSeconds(5)));

        CliHarness.Result bad = cli.run("serve", "--ident", "yes");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--ident", "expected off, log or verify, got 'yes'");
    }

    @Test
    void adminFlagSetsTheAdminListenerAndKeepsTheFilesToken() throws IOException {
        Path config = write("argyle.yaml", "admin:\n  token: 0123456789abcdef0123\n  metrics:\n    per-user: true\n");
        CliHarness.Result r = cli.run("serve", "--config", config.toString(), "--admin", "0.0.0.0:9180");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.config().admin().listen()).isEqualTo(new java.net.InetSocketAddress("0.0.0.0", 9180));
        assertThat(r.config().admin().token()).isEqualTo("0123456789abcdef0123");
        assertThat(r.config().admin().perUserMetrics()).isTrue();
        assertThat(cli.run("serve").config().admin().enabled()).isFalse();
    }

    @Test
    void refusesAnAdminListenerOffLoopbackWithoutAToken() {
        CliHarness.Result r = cli.run("serve", "--admin", "0.0.0.0:9180");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("admin.listen (0.0.0.0:9180)").contains("needs admin.token");
        assertThat(r.launched()).isEmpty();
    }

    @Test
    void refusesAnOpenProxyAndSaysHowToFixIt() {
        CliHarness.Result r = cli.run("serve", "--listen", "0.0.0.0:1080");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("argyle: listeners[0] (0.0.0.0:1080): auth none on an address other machines can reach "
                + "would make an open proxy; use --auth password --users FILE, or set allow-open: true / --allow-open "
                + "if you really want an open proxy" + System.lineSeparator());
        assertThat(r.launched()).isEmpty();
    }

    @Test
    void passwordWithoutUsersFileIsBadConfig() {
        CliHarness.Result r = cli.run("serve", "--auth", "password");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("argyle: users-file: a listener uses auth password");
    }

    @Test
    void malformedUsersFileIsBadConfigAndAnEmptyOneIsAWarning() throws IOException {
        Path users = write("users", "# nobody yet\n");
        CliHarness.Result empty = cli.run("serve", "--auth", "password", "--users", users.toString());
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.err()).startsWith("argyle: warning: users file " + users + " has no users; every login will fail");

        write("users", "# users\nalice\n");
        CliHarness.Result bad = cli.run("serve", "--auth", "password", "--users", users.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("argyle: users file " + users + ", line 2: expected NAME:HASH, found no ':'" + System.lineSeparator());
    }

    @Test
    void badConfigFileIsBadUsageWithLineNumber() throws IOException {
        Path config = write("argyle.yaml", "listeners:\n  - listen: 127.0.0.1:1080\n    auth: pasword\n");
        CliHarness.Result r = cli.run("serve", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("argyle: " + config + ", line 3, column 11: listeners[0].auth: expected none, password or gssapi, got 'pasword'"
                + System.lineSeparator());
        assertThat(r.launched()).isEmpty();
    }

    @Test
    void unknownKeyInConfigFileIsBadUsageWithLineNumber() throws IOException {
        Path config = write("argyle.yaml", "timeouts:\n  idel: 5m\n");
        CliHarness.Result r = cli.run("serve", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("line 2, column 3: timeouts.idel: unknown key; did you mean 'idle'?");
    }

    @Test
    void missingConfigFileIsBadUsage() {
        CliHarness.Result r = cli.run("serve", "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("argyle: config file " + dir.resolve("nope.yaml") + " does not exist" + System.lineSeparator());
    }

    @Test
    void badFlagValuesAreBadUsageWithTheExpectedForm() {
        CliHarness.Result duration = cli.run("serve", "--idle-timeout", "5 minutes");
        assertThat(duration.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(duration.err()).contains("--idle-timeout", "expected a duration such as 500ms, 10s, 5m, 1h or 0, got '5 minutes'")
                .contains("Try 'argyle serve --help'");

        CliHarness.Result listen = cli.run("serve", "--listen", "::1:1080");
        assertThat(listen.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(listen.err()).contains("IPv6 addresses go in brackets: [::1]:1080");

        CliHarness.Result auth = cli.run("serve", "--auth", "basic");
        assertThat(auth.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(auth.err()).contains("expected none, password or gssapi, got 'basic'");
        assertThat(duration.launched()).isEmpty();
    }

    @Test
    void theLaunchersOutcomeIsTheExitCode() {
        CliHarness.Result r = cli.launcherReturns(ExitCodes.FAILURE).run("serve");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void aReloadReadsTheFileAgainAndLaysTheSameFlagsOverIt() throws Exception {
        Path config = write("argyle.yaml", "timeouts:\n  idle: 1m\n  connect: 3s\n");
        CliHarness.Result r = cli.run("serve", "--config", config.toString(), "--idle-timeout", "7m",
                "--control-socket", "off");
        assertThat(r.config().timeouts().idle()).isEqualTo(Duration.ofMinutes(7));
        assertThat(r.config().controlSocket()).isEqualTo(ControlSocketConfig.off());

        Files.writeString(config, "timeouts:\n  idle: 2m\n  connect: 4s\ncontrol-socket: /run/x.sock\n");
        ServerConfig reloaded = r.reloads().get(0).load();
        assertThat(reloaded.timeouts().connect()).as("from the file").isEqualTo(Duration.ofSeconds(4));
        assertThat(reloaded.timeouts().idle()).as("the flag still wins").isEqualTo(Duration.ofMinutes(7));
        assertThat(reloaded.controlSocket()).isEqualTo(ControlSocketConfig.off());

        Files.writeString(config, "timeouts:\n  idle: 0s\n  handshake: 0s\n");
        assertThatThrownBy(() -> r.reloads().get(0).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("timeouts.handshake");
        Files.writeString(config, "timeouts:\n  idel: 2m\n");
        assertThatThrownBy(() -> r.reloads().get(0).load()).hasMessageContaining("line 2, column 3");
    }

    @Test
    void controlSocketFlagTakesAPathOrOff() {
        assertThat(cli.run("serve", "--control-socket", "/tmp/a.sock").config().controlSocket())
                .isEqualTo(ControlSocketConfig.at(Path.of("/tmp/a.sock")));
        assertThat(cli.run("serve").config().controlSocket()).isEqualTo(ControlSocketConfig.defaults());
    }
}
