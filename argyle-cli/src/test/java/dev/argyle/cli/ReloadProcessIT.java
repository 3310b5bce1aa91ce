package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload of the packaged program, as an operator does it: edit the config file, then SIGHUP or
 * {@code argyle reload}. New sessions follow the edited rules; a session opened before goes on; a broken
 * edit is refused (exit 1, an ERROR line with the place) and the rules in force stay.
 */
class ReloadProcessIT {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration STEP = Duration.ofSeconds(20);

    @Test
    void sighupAppliesTheEditedRulesToNewSessionsOnly(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", port);
        Path config = dir.resolve("argyle.yaml");
        Files.writeString(config, config(port, "control-socket: off\n", null));
        try (EchoServer echo = EchoServer.onLoopback();
             ServerProcess argyle = ServerProcess.start("serve", "--config", config.toString())) {
            argyle.awaitLine("listening on", START);
            SocksAddress dst = SocksAddress.of(echo.address());
            try (ScriptedSocksClient before = new ScriptedSocksClient(proxy)) {
                assertThat(before.connect5(dst).reply()).isEqualTo(ReplyCode.SUCCEEDED);

                Files.writeString(config, config(port, "control-socket: off\n", echo.port()));
                hangUp(argyle);
                argyle.awaitLine("reload (SIGHUP): policy 2 in force", STEP);

                assertThat(connect(proxy, dst)).isEqualTo(ReplyCode.NOT_ALLOWED);
                argyle.awaitLine("rule=no-echo", STEP);
                assertThat(before.echo(bytes("opened before the reload"))).isEqualTo(bytes("opened before the reload"));

                // A broken edit: refused with its place in the file, and the rules in force stay.
                Files.writeString(config, config(port, "control-socket: off\n", null) + "limits:\n  max-sessions: lots\n");
                hangUp(argyle);
                assertThat(argyle.awaitLine("reload (SIGHUP) refused", STEP)).contains("ERROR", "line 5, column 17");
                assertThat(connect(proxy, dst)).isEqualTo(ReplyCode.NOT_ALLOWED);
                assertThat(before.echo(bytes("still here"))).isEqualTo(bytes("still here"));
            }
            argyle.terminate();
            assertThat(argyle.awaitExit(STEP)).isZero();
        }
    }

    @Test
    void argyleReloadOverTheControlSocketAndABrokenEditIsRefused(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", port);
        Path socket = dir.resolve("control.sock");
        String control = "control-socket: " + socket + "\n";
        Path config = dir.resolve("argyle.yaml");
        Files.writeString(config, config(port, control, null));
        try (EchoServer echo = EchoServer.onLoopback();
             ServerProcess argyle = ServerProcess.start("serve", "--config", config.toString())) {
            argyle.awaitLine("control socket " + socket, START);
            SocksAddress dst = SocksAddress.of(echo.address());
            assertThat(connect(proxy, dst)).isEqualTo(ReplyCode.SUCCEEDED);

            Files.writeString(config, config(port, control, echo.port()));
            ExternalProgram.Result ok = reload("--config", config.toString());
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(ok.stdout()).contains("reloaded: policy 2 in force");
            assertThat(connect(proxy, dst)).isEqualTo(ReplyCode.NOT_ALLOWED);

            // A misspelt key: refused with its place, and the rules of policy 2 stay.
            Files.writeString(config, config(port, control, null) + "timeouts:\n  idel: 5m\n");
            ExternalProgram.Result refused = reload("--control-socket", socket.toString());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).contains("reload refused", "line 5, column 3", "timeouts.idel");
            assertThat(argyle.awaitLine("ERROR", STEP)).contains("refused", "line 5, column 3");
            assertThat(connect(proxy, dst)).isEqualTo(ReplyCode.NOT_ALLOWED);

            argyle.terminate();
            assertThat(argyle.awaitExit(STEP)).isZero();
            assertThat(socket).as("removed on shutdown").doesNotExist();
            ExternalProgram.Result gone = reload("--control-socket", socket.toString());
            assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(2);
            assertThat(gone.stderr()).contains("no server answers on " + socket);
        }
    }

    /** A config on 127.0.0.1:PORT; with {@code blockedPort}, a first request rule "no-echo" blocking it. */
    private static String config(int port, String controlSocket, Integer blockedPort) {
        String rules = blockedPort == null ? "" : """
                rules:
                  requests:
                    - name: no-echo
                      action: block
                      ports: "%d"
                    - action: pass
                """.formatted(blockedPort);
        return "listeners:\n  - listen: 127.0.0.1:" + port + "\n" + controlSocket + rules;
    }

    private static ReplyCode connect(InetSocketAddress proxy, SocksAddress dst) throws IOException {
        try (ScriptedSocksClient c = new ScriptedSocksClient(proxy)) {
            return c.connect5(dst).reply();
        }
    }

    /** kill -HUP: Java can send SIGTERM and SIGKILL to a process, not SIGHUP. */
    private static void hangUp(ServerProcess argyle) throws IOException, InterruptedException {
        ExternalProgram.Result kill = ExternalProgram.run(STEP, List.of(ExternalProgram.require("kill", "procps"),
                "-HUP", Long.toString(argyle.process().pid())));
        assertThat(kill.exitCode()).as(kill.toString()).isZero();
    }

    private static ExternalProgram.Result reload(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.java(), "-jar", ServerProcess.jar().toString(), "reload"));
        cmd.addAll(List.of(args));
        return ExternalProgram.run(Duration.ofSeconds(60), cmd);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
