package dev.argyle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live status page in a real browser: headless Chromium loads it from a running server while a
 * password-authenticated session transfers data, runs its script (which polls /api/summary), and the DOM it
 * dumps shows the user and a non-zero rate.
 */
class StatusPageChromiumTest {
    private static final Pattern USER_ROW = Pattern.compile("<tr class=\"user\" data-user=\"alice\">(.*?)</tr>");
    private static final Pattern RATE = Pattern.compile("class=\"n rate\" data-bps=\"(\\d+)\"");

    @Test
    void pageShowsTheUserAndANonZeroRate(@TempDir Path dir) throws Exception {
        String chromium = chromium();
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(AdminSetup.config(dir));
             LiveTransfer alice = new LiveTransfer(server.address(), SocksAddress.of(echo.address()), "alice", "secret")) {
            AdminHttp http = new AdminHttp(server.server().adminAddress());
            ObjectMapper json = new ObjectMapper();
            // The server samples once a second; load the page once a sample has seen the transfer.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode users = json.readTree(http.get("/api/summary").body()).get("users");
                return users.size() == 1 && users.get(0).get("rateUp").asLong() > 0;
            });
            Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
            String url = "http://127.0.0.1:" + server.server().adminAddress().getPort() + "/";
            ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(90), List.of(chromium,
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-proxy-server",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom", url));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            String dom = r.stdout();
            Matcher row = USER_ROW.matcher(dom);
            assertThat(row.find()).as("a row for alice in the users table of:\n" + dom).isTrue();
            Matcher rate = RATE.matcher(row.group(1));
            long best = 0;
            while (rate.find()) {
                best = Math.max(best, Long.parseLong(rate.group(1)));
            }
            assertThat(best).as("alice's rate in:\n" + row.group()).isPositive();
            assertThat(dom).contains("<td class=\"name\">alice</td>").contains(">ready · up ");
            assertThat(alice.failure()).isNull();
        }
    }

    /** The Chromium binary, or the test is skipped (CI installs Debian's chromium: .ci/run). */
    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        Assumptions.assumeTrue(false, "chromium is not installed (apt-get install chromium; .ci/run installs it): "
                + "the status page test needs a headless browser");
        return null;
    }
}
