package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged program as a user runs it: start, serve real clients, log, refuse bad setups with the right
 * exit code, and stop cleanly on SIGTERM after letting open sessions finish.
 */
class ServeProcessIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void servesCurlLogsTheSessionAndExitsZeroOnSigterm() throws Exception {
        int port = ServerProcess.freePort();
        try (HttpTarget http = new HttpTarget(InetAddress.getLoopbackAddress());
             ServerProcess argyle = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port)) {
            argyle.awaitLine("listening on 127.0.0.1:" + port, START);
            ExternalProgram.Result curl = ExternalProgram.run(Duration.ofSeconds(20), List.of(
                    ExternalProgram.require("curl", "curl"), "-sS", "--socks5-hostname", "127.0.0.1:" + port,
                    http.url("127.0.0.1", "/through-the-jar")));
            assertThat(curl.stdout()).isEqualTo(HttpTarget.BODY + "/through-the-jar");
            String access = argyle.awaitLine("argyle.access", Duration.ofSeconds(10));
            assertThat(access).contains("ver=5", "cmd=connect", "reply=0x00", "dst=127.0.0.1:" + http.port());
            argyle.terminate();
            assertThat(argyle.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void sigtermLetsAnOpenSessionFinishButAcceptsNoMore() throws Exception {
        int port = ServerProcess.freePort();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", port);
        try (EchoServer echo = EchoServer.onLoopback();
             ServerProcess argyle = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port,
                     "--shutdown-grace", "120s")) {
            argyle.awaitLine("listening on", START);
            try (ScriptedSocksClient session = new ScriptedSocksClient(proxy)) {
                assertThat(session.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                argyle.terminate();
                argyle.awaitLine("draining", Duration.ofSeconds(10));
                // The open session still works during the grace period...
                session.echo("still relayed while draining".getBytes(StandardCharsets.US_ASCII));
                // ...but the listener is gone.
                assertThatThrownBy(() -> new Socket(proxy.getAddress(), port).close()).isInstanceOf(IOException.class);
                assertThat(argyle.process().isAlive()).isTrue();
            }
            // The last session ended, so the process ends long before the 120 s grace (the bound is generous
            // for a loaded CI machine)...
            assertThat(argyle.awaitExit(Duration.ofSeconds(30))).isZero();
            // ...and its access-log line, written during the drain, was flushed before the exit.
            argyle.awaitLine("argyle.access", Duration.ofSeconds(5));
            assertThat(argyle.stderr()).contains("dst=127.0.0.1:" + echo.port());
        }
    }

    @Test
    void passwdThenPasswordListenerWithCurl(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        ExternalProgram.Result passwd = ExternalProgram.run(Duration.ofSeconds(30),
                List.of(ServerProcess.java(), "-jar", ServerProcess.jar().toString(), "passwd", "--users",
                        users.toString(), "alice"), "s3cret pass\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(passwd.exitCode()).as(passwd.toString()).isZero();
        assertThat(Files.readString(users)).startsWith("alice:").doesNotContain("s3cret");
        int port = ServerProcess.freePort();
        try (HttpTarget http = new HttpTarget(InetAddress.getLoopbackAddress());
             ServerProcess argyle = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port,
                     "--auth", "password", "--users", users.toString())) {
            argyle.awaitLine("listening on", START);
            String curl = ExternalProgram.require("curl", "curl");
            ExternalProgram.Result ok = ExternalProgram.run(Duration.ofSeconds(20), List.of(curl, "-sS",
                    "-x", "socks5h://alice:s3cret%20pass@127.0.0.1:" + port, http.url("127.0.0.1", "/pw")));
            assertThat(ok.stdout()).as(ok.toString()).isEqualTo(HttpTarget.BODY + "/pw");
            ExternalProgram.Result bad = ExternalProgram.run(Duration.ofSeconds(20), List.of(curl, "-sS",
                    "-x", "socks5h://alice:wrong@127.0.0.1:" + port, http.url("127.0.0.1", "/pw")));
            assertThat(bad.exitCode()).isNotZero();
            assertThat(argyle.stderr()).doesNotContain("s3cret", "wrong@");
            argyle.terminate();
            assertThat(argyle.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void openProxyOnAPublicAddressIsRefusedWithExitTwo() throws Exception {
        ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(30), List.of(ServerProcess.java(), "-jar",
                ServerProcess.jar().toString(), "serve", "--listen", "0.0.0.0:" + ServerProcess.freePort()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--allow-open").contains("--auth password");
    }

    @Test
    void badConfigFileIsRefusedWithExitTwoAndTheLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("argyle.yaml");
        Files.writeString(config, "listeners:\n  - listen: 127.0.0.1:1080\n    auht: none\n");
        ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(30), List.of(ServerProcess.java(), "-jar",
                ServerProcess.jar().toString(), "serve", "--config", config.toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("auht").contains("line 3");
    }

    @Test
    void portInUseIsARuntimeFailureWithExitOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(30), List.of(ServerProcess.java(),
                    "-jar", ServerProcess.jar().toString(), "serve", "--listen", "127.0.0.1:" + taken.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void launcherScriptRunsTheJar() throws Exception {
        Path launcher = Path.of(System.getProperty("argyle.launcher", "../argyle"));
        ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(120),
                List.of(launcher.toString(), "--version"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("argyle");
    }

    @Test
    void ipv4AndIpv6ListenersTogether() throws Exception {
        int port = ServerProcess.freePort();
        boolean ipv6 = hasIpv6Loopback();
        List<String> args = ipv6
                ? List.of("serve", "--listen", "127.0.0.1:" + port, "--listen", "[::1]:" + port)
                : List.of("serve", "--listen", "127.0.0.1:" + port);
        try (EchoServer echo = EchoServer.onLoopback();
             ServerProcess argyle = ServerProcess.start(args.toArray(String[]::new))) {
            argyle.awaitLine("listening on 127.0.0.1:" + port, START);
            if (ipv6) {
                argyle.awaitLine("listening on [::1]:" + port, START);
                try (ScriptedSocksClient c = new ScriptedSocksClient(new InetSocketAddress("::1", port))) {
                    assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                    c.echo(new byte[] {1, 2, 3});
                }
            }
            argyle.terminate();
            assertThat(argyle.awaitExit(Duration.ofSeconds(20))).isZero();
        }
    }

    private static boolean hasIpv6Loopback() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
