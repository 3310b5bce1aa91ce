package dev.argyle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API against a running server with live sessions: reading, the token, closing a session. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void liveSessionsSummaryAndClosingOneWithTheToken(@TempDir Path dir) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(AdminSetup.config(dir));
             LiveTransfer alice = new LiveTransfer(server.address(), SocksAddress.of(echo.address()), "alice", "secret");
             LiveTransfer bob = new LiveTransfer(server.address(), SocksAddress.of(echo.address()), "bob", "hunter2")) {
            AdminHttp http = new AdminHttp(server.server().adminAddress());

            // Sampled once a second: wait until a sample shows both sessions moving bytes.
            JsonNode sessions = Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> JSON.readTree(http.get("/api/sessions").body()),
                            s -> s.size() == 2 && s.get(0).get("rateUp").asLong() > 0 && s.get(1).get("rateUp").asLong() > 0);
            JsonNode first = sessions.get(0);
            assertThat(first.get("user").asText()).isEqualTo("alice");
            assertThat(first.get("version").asInt()).isEqualTo(5);
            assertThat(first.get("command").asText()).isEqualTo("connect");
            assertThat(first.get("destination").asText()).isEqualTo("127.0.0.1:" + echo.port());
            assertThat(first.get("route").asText()).isEqualTo("direct");
            assertThat(first.get("state").asText()).isEqualTo("open");
            assertThat(first.get("client").asText()).startsWith("127.0.0.1:");
            assertThat(first.get("bytesUp").asLong()).isPositive();
            assertThat(first.get("bytesDown").asLong()).isPositive();
            assertThat(first.get("rateDown").asLong()).isPositive();
            assertThat(first.get("ageMillis").asLong()).isNotNegative();
            long aliceId = first.get("id").asLong();

            JsonNode summary = JSON.readTree(http.get("/api/summary").body());
            assertThat(summary.get("sessionsOpen").asInt()).isEqualTo(2);
            assertThat(summary.get("ready").asBoolean()).isTrue();
            assertThat(summary.get("rateUp").asLong()).isPositive();
            assertThat(summary.get("users")).extracting(u -> u.get("name").asText())
                    .containsExactlyInAnyOrder("alice", "bob");
            assertThat(summary.get("destinations").get(0).get("name").asText()).isEqualTo("127.0.0.1:" + echo.port());
            assertThat(summary.get("destinations").get(0).get("sessions").asInt()).isEqualTo(2);

            // Closing needs the token: none → 401, a wrong one → 403; the session stays up meanwhile.
            HttpResponse<String> noToken = http.send("DELETE", "/api/sessions/" + aliceId, null);
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"argyle\"");
            assertThat(http.send("DELETE", "/api/sessions/" + aliceId, "not-the-token-at-all").statusCode())
                    .isEqualTo(403);
            assertThat(alice.failure()).isNull();

            HttpResponse<String> closed = http.send("DELETE", "/api/sessions/" + aliceId, AdminSetup.TOKEN);
            assertThat(closed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(closed.body()).get("closed").asLong()).isEqualTo(aliceId);
            // The client sees its connection end; bob's goes on.
            Awaitility.await().atMost(DEADLINE).until(() -> !alice.running());
            assertThat(alice.failure()).isNotNull();
            Session ended = server.sessions().next();
            assertThat(ended.id()).isEqualTo(aliceId);
            assertThat(ended.error()).isEqualTo("closed by the admin API");
            assertThat(bob.running()).isTrue();
            assertThat(bob.failure()).isNull();

            assertThat(http.send("DELETE", "/api/sessions/" + aliceId, AdminSetup.TOKEN).statusCode()).isEqualTo(404);
            assertThat(http.send("DELETE", "/api/sessions/x1", AdminSetup.TOKEN).statusCode()).isEqualTo(400);
            Awaitility.await().atMost(DEADLINE).until(() -> JSON.readTree(http.get("/api/sessions").body()).size() == 1);
        }
    }

    @Test
    void healthReadinessMethodsAndUnknownPaths(@TempDir Path dir) throws Exception {
        RunningServer server = RunningServer.start(AdminSetup.config(dir));
        try (server) {
            AdminHttp http = new AdminHttp(server.server().adminAddress());
            assertThat(http.get("/api/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = http.get("/api/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body()).get("ready").asBoolean()).isTrue();
            assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
            HttpResponse<String> wrongMethod = http.send("POST", "/api/sessions", AdminSetup.TOKEN);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
            assertThat(http.send("DELETE", "/api/sessions/1", null).statusCode()).isEqualTo(401);
            // Reload is not wired into this server: the token is checked first, then 501.
            assertThat(http.send("POST", "/api/reload", null).statusCode()).isEqualTo(401);
            assertThat(http.send("POST", "/api/reload", AdminSetup.TOKEN).statusCode()).isEqualTo(501);
            server.server().adminReloader(() -> "1 listener, 3 rules");
            HttpResponse<String> reloaded = http.send("POST", "/api/reload", AdminSetup.TOKEN);
            assertThat(reloaded.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(reloaded.body()).get("result").asText()).isEqualTo("1 listener, 3 rules");
            server.server().adminReloader(() -> {
                throw new IllegalArgumentException("t.yaml, line 3: bad key");
            });
            HttpResponse<String> refused = http.send("POST", "/api/reload", AdminSetup.TOKEN);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("t.yaml, line 3: bad key");
            HttpResponse<String> page = http.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Argyle status</title>").doesNotContain("http://", "https://");
        }
    }

    @Test
    void withoutATokenTheApiIsReadOnly(@TempDir Path dir) throws Exception {
        var config = AdminSetup.config(dir);
        config = config.withAdmin(new dev.argyle.server.config.AdminConfig(config.admin().listen(), null, false,
                config.admin().requestTimeout()));
        try (RunningServer server = RunningServer.start(config)) {
            AdminHttp http = new AdminHttp(server.server().adminAddress());
            assertThat(http.get("/api/sessions").statusCode()).isEqualTo(200);
            HttpResponse<String> refused = http.send("DELETE", "/api/sessions/1", AdminSetup.TOKEN);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("read-only");
        }
    }
}
