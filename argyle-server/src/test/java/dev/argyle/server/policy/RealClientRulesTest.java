package dev.argyle.server.policy;

import static dev.argyle.server.policy.PolicySupport.CURLE_PROXY;
import static dev.argyle.server.policy.PolicySupport.config;
import static dev.argyle.server.policy.PolicySupport.curl;
import static dev.argyle.server.policy.PolicySupport.proxy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * curl and PySocks refused by request rules: SOCKS5 gets 0x02, SOCKS4 0x5b, and the session names the rule.
 * Each test also checks that the target saw nothing, so a refusal cannot pass by the client going direct.
 */
class RealClientRulesTest {
    private static final String BLOCKED_NAME = "web.blocked.test";
    private static final String ALLOWED_NAME = "web.allowed.test";

    @TempDir
    static Path dir;
    private static Path script;
    private HttpTarget target;

    @BeforeAll
    static void writeScript() throws Exception {
        script = dir.resolve("pysocks_echo.py");
        Files.writeString(script, PolicySupport.PYSOCKS_SCRIPT, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void startTarget() throws Exception {
        target = new HttpTarget(InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    private String rules() {
        return """
                rules:
                  requests:
                    - name: no-blocked-test
                      action: block
                      to: ["*.blocked.test"]
                    - name: no-target-port
                      action: block
                      to: 127.0.0.0/8
                      ports: %d
                    - name: rest
                      action: pass
                """.formatted(target.port());
    }

    private RunningServer start() throws Exception {
        FakeResolver names = new FakeResolver().map(BLOCKED_NAME, InetAddress.getLoopbackAddress())
                .map(ALLOWED_NAME, InetAddress.getLoopbackAddress());
        return RunningServer.start(config(rules()), names);
    }

    @ParameterizedTest(name = "curl {0} to an address is refused with {1}")
    @CsvSource({"--socks5, 0x02, (2)", "--socks5-hostname, 0x02, (2)", "--socks4, 0x5b, (91)", "--socks4a, 0x5b, (91)"})
    void curlToABlockedPort(String mode, String reply, String curlSays) throws Exception {
        try (RunningServer server = start()) {
            ExternalProgram.Result r = curl(mode, proxy(server), target.url("127.0.0.1", "/"));

            assertThat(r.exitCode()).as("curl %s: %s", mode, r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains(curlSays);
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo(reply);
            assertThat(s.rule()).isEqualTo("no-target-port");
            assertThat(s.error()).startsWith("blocked by request rule no-target-port");
            assertThat(AccessLog.format(s)).contains("reply=" + reply + " rule=no-target-port ");
            assertThat(target.requests()).isZero();
        }
    }

    @ParameterizedTest(name = "curl {0} to a blocked name is refused with {1}, without resolving it")
    @CsvSource({"--socks5-hostname, 0x02, (2)", "--socks4a, 0x5b, (91)"})
    void curlToABlockedName(String mode, String reply, String curlSays) throws Exception {
        PolicySupport.CountingResolver names = new PolicySupport.CountingResolver(
                new FakeResolver().map(BLOCKED_NAME, InetAddress.getLoopbackAddress()));
        try (RunningServer server = RunningServer.start(config(rules()), names)) {
            ExternalProgram.Result r = curl(mode, proxy(server), "http://" + BLOCKED_NAME + ":" + (target.port() + 1) + "/");

            assertThat(r.exitCode()).as("curl %s: %s", mode, r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains(curlSays);
            Session s = server.sessions().next();
            assertThat(s.requested().isDomain()).isTrue();
            assertThat(s.reply()).isEqualTo(reply);
            assertThat(s.rule()).isEqualTo("no-blocked-test");
            assertThat(names.lookups).as("a name blocked by a name rule is not resolved").hasValue(0);
        }
    }

    @Test
    void curlThroughAPassRuleRecordsIt() throws Exception {
        try (RunningServer server = RunningServer.start(config("""
                rules:
                  requests:
                    - name: web
                      action: pass
                      to: %s
                      ports: %d
                """.formatted(ALLOWED_NAME, target.port())),
                new FakeResolver().map(ALLOWED_NAME, InetAddress.getLoopbackAddress()))) {
            ExternalProgram.Result ok = curl("--socks5-hostname", proxy(server), target.url(ALLOWED_NAME, "/ok"));
            ExternalProgram.Result byAddress = curl("--socks5", proxy(server), target.url("127.0.0.1", "/ip"));

            assertThat(ok.exitCode()).as("curl: %s", ok).isZero();
            assertThat(ok.stdout()).isEqualTo(HttpTarget.BODY + "/ok");
            Session passed = server.sessions().next();
            assertThat(passed.rule()).isEqualTo("web");
            assertThat(AccessLog.format(passed)).contains(" rule=web ");
            assertThat(byAddress.exitCode()).as("the rule names a host, so the address is refused: %s", byAddress)
                    .isEqualTo(CURLE_PROXY);
            Session refused = server.sessions().next();
            assertThat(refused.reply()).isEqualTo("0x02");
            assertThat(refused.rule()).isEqualTo("default");
            assertThat(refused.error()).contains("no request rule matched");
            assertThat(target.requests()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "PySocks SOCKS{0} rdns={1} is refused: {2}")
    @CsvSource({"5, false, 0x02", "5, true, 0x02", "4, false, 0x5b", "4, true, 0x5b"})
    void pysocksIsRefused(String version, boolean rdns, String code) throws Exception {
        PolicySupport.requirePySocks();
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(config("""
                     rules:
                       requests:
                         - name: no-echo
                           action: block
                           to: [127.0.0.1, "*.blocked.test"]
                           ports: %d
                         - action: pass
                     """.formatted(echo.port())),
                     new FakeResolver().map(BLOCKED_NAME, InetAddress.getLoopbackAddress()))) {
            String host = rdns ? BLOCKED_NAME : "127.0.0.1";
            ExternalProgram.Result r = PolicySupport.pysocks(script, server.port(), version, host, echo.port(), rdns,
                    "never relayed");

            assertThat(r.exitCode()).as("pysocks: %s", r).isEqualTo(2);
            assertThat(r.stderr()).contains(code);
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo(code);
            assertThat(s.rule()).isEqualTo("no-echo");
            assertThat(echo.accepted()).isZero();
        }
    }
}
