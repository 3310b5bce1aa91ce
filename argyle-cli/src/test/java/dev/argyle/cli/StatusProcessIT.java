package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code argyle serve --admin} and {@code argyle status} as processes, the way an operator runs them. */
class StatusProcessIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void statusPrintsTheLiveSummaryOfAServerStartedWithAdmin(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, "alice", "secret".toCharArray());
        int port = ServerProcess.freePort();
        int adminPort = ServerProcess.freePort();
        String admin = "127.0.0.1:" + adminPort;
        try (EchoServer echo = EchoServer.onLoopback();
             ServerProcess argyle = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port, "--auth", "password",
                     "--users", users.toString(), "--admin", admin)) {
            argyle.awaitLine("argyle admin on http://" + admin + "/", START);
            try (ScriptedSocksClient alice = new ScriptedSocksClient(new InetSocketAddress("127.0.0.1", port))) {
                assertThat(alice.connect5(SocksAddress.of(echo.address()), "alice", "secret").reply())
                        .isEqualTo(ReplyCode.SUCCEEDED);
                alice.echo(new byte[50_000]);
                // Sampled once a second: wait until the summary has seen alice's bytes.
                HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                        http.send(HttpRequest.newBuilder(URI.create("http://" + admin + "/api/summary")).build(),
                                HttpResponse.BodyHandlers.ofString()).body().contains("\"bytesUp\":50000"));

                ExternalProgram.Result status = argyle("status", "--admin", admin);
                assertThat(status.exitCode()).as(status.toString()).isZero();
                assertThat(status.stdout())
                        .contains("argyle at " + admin + ": ready")
                        .contains("sessions: 1 open, 0 ended")
                        .containsPattern("(?m)^alice +1 ")
                        .contains("48.8 KiB")
                        .containsPattern("(?m)^127\\.0\\.0\\.1:" + echo.port() + " +1 ")
                        .contains("refusals: none");

                ExternalProgram.Result json = argyle("status", "--admin", admin, "--json");
                assertThat(json.exitCode()).isZero();
                assertThat(json.stdout()).contains("\"sessionsOpen\":1", "\"name\":\"alice\"");
            }
            argyle.terminate();
            assertThat(argyle.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void statusWithoutAServerFailsWithExitOneAndSaysWhere() throws Exception {
        String nowhere = "127.0.0.1:" + ServerProcess.freePort();
        ExternalProgram.Result r = argyle("status", "--admin", nowhere);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot reach the admin listener at " + nowhere);
    }

    @Test
    void anAdminListenerOffLoopbackWithoutATokenIsRefusedWithExitTwo() throws Exception {
        ExternalProgram.Result r = argyle("serve", "--listen", "127.0.0.1:" + ServerProcess.freePort(),
                "--admin", "0.0.0.0:" + ServerProcess.freePort());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("admin.listen").contains("needs admin.token");
    }

    private static ExternalProgram.Result argyle(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ServerProcess.java(), "-Xmx64m", "-jar", ServerProcess.jar().toString()));
        cmd.addAll(List.of(args));
        return ExternalProgram.run(Duration.ofSeconds(60), cmd);
    }
}
