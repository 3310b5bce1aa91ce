package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
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
 * The packaged program with JSON logs: every stderr line, start-up and drain included, is one JSON object, and
 * the access log's line carries its fields as typed members, also for a destination name full of quotes.
 */
class JsonLogProcessIT {
    private static final Duration START = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "no\"such\\host\u0001.invalid";

    @TempDir
    Path dir;

    @Test
    void flagMakesEveryLineJsonWithTypedAccessFields() throws Exception {
        int port = ServerProcess.freePort();
        try (ServerProcess argyle = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port,
                "--log-format", "json")) {
            List<JsonNode> lines = oneConnectThenStop(argyle, port);
            JsonNode access = lines.stream().filter(l -> l.path("logger").asText().equals("argyle.access")
                    && l.path("reply").asText().equals("0x00")).findFirst().orElseThrow();
            assertThat(access.get("id").isIntegralNumber()).isTrue();
            assertThat(access.get("ver").asInt()).isEqualTo(5);
            assertThat(access.get("cmd").asText()).isEqualTo("connect");
            assertThat(access.get("up").isIntegralNumber()).isTrue();
            assertThat(access.get("up").asLong()).isEqualTo(5);
            assertThat(access.get("down").asLong()).isEqualTo(5);
            assertThat(access.get("ms").isIntegralNumber()).isTrue();
            assertThat(access.get("client").asText()).startsWith("127.0.0.1:");
            assertThat(access.get("user").isNull()).isTrue();
            JsonNode refused = lines.stream().filter(l -> l.path("logger").asText().equals("argyle.access")
                    && !l.path("reply").asText().equals("0x00")).findFirst().orElseThrow();
            assertThat(refused.get("dst").asText()).isEqualTo(HOSTILE + ":80");
        }
    }

    @Test
    void configFileKeySwitchesToJson() throws Exception {
        int port = ServerProcess.freePort();
        Path config = dir.resolve("argyle.yaml");
        Files.writeString(config, """
                listeners:
                  - listen: 127.0.0.1:%d
                log-format: json
                """.formatted(port), StandardCharsets.UTF_8);
        try (ServerProcess argyle = ServerProcess.start("serve", "--config", config.toString())) {
            List<JsonNode> lines = oneConnectThenStop(argyle, port);
            assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).contains("listening on"));
            assertThat(lines).filteredOn(l -> l.path("logger").asText().equals("argyle.access")).hasSize(2);
        }
    }

    /** One echoed CONNECT and one refused (unresolvable) name, then SIGTERM; every stderr line parsed as JSON. */
    private static List<JsonNode> oneConnectThenStop(ServerProcess argyle, int port) throws Exception {
        argyle.awaitLine("listening on", START);
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", port);
        try (EchoServer echo = EchoServer.onLoopback()) {
            try (ScriptedSocksClient c = new ScriptedSocksClient(proxy)) {
                assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(c.echo("hello".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("hello");
            }
            argyle.awaitLine("\"reply\":\"0x00\"", Duration.ofSeconds(10));
            try (ScriptedSocksClient c = new ScriptedSocksClient(proxy)) {
                assertThat(c.connect5(SocksAddress.domain(HOSTILE, 80)).reply()).isNotEqualTo(ReplyCode.SUCCEEDED);
            }
            argyle.awaitLine("invalid", Duration.ofSeconds(20));
        }
        argyle.terminate();
        assertThat(argyle.awaitExit(Duration.ofSeconds(20))).isZero();
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : argyle.stderr().split("\n")) {
            if (!line.isEmpty()) {
                try {
                    parsed.add(JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + line + "\nstderr:\n" + argyle.stderr(), e);
                }
            }
        }
        assertThat(parsed).allSatisfy(l -> assertThat(l.isObject()).isTrue());
        return parsed;
    }
}
