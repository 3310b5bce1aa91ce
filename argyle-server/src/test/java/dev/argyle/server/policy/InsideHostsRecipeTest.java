package dev.argyle.server.policy;

import static dev.argyle.server.policy.PolicySupport.CURLE_PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthThrottleConfig;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ConfigValidator;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe "a door into an inside network" from docs/rules.md, run as written: only its listener, users file
 * and ports are swapped for the test's. Password required, two named inside hosts on one port each, the
 * database for the db-users group only, everything else refused; real clients (curl, PySocks) on both sides.
 */
class InsideHostsRecipeTest {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";
    private static final String PASSWORD = "door-Pa55";

    @TempDir
    static Path dir;
    private static Path script;
    private static EchoServer db;
    private static HttpTarget wiki;
    private static RunningServer server;
    private static PolicySupport.RulesLog rulesLog;

    @BeforeAll
    static void start() throws Exception {
        PolicySupport.requirePySocks();
        script = Files.writeString(dir.resolve("pysocks_echo.py"), PolicySupport.PYSOCKS_SCRIPT);
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, ALICE, PASSWORD.toCharArray(), List.of("db-users"));
        UsersFile.setPassword(users, BOB, PASSWORD.toCharArray());
        db = EchoServer.onLoopback();
        wiki = new HttpTarget(InetAddress.getLoopbackAddress());

        String recipe = DocsRules.block("recipe-inside-hosts");
        String asWritten = recipe.replace("/etc/argyle/users", users.toString());
        ConfigValidator.validate(ConfigLoader.parse(asWritten, "docs/rules.md recipe")); // 0.0.0.0 with passwords is fine
        String forTest = replaceOnce(replaceOnce(replaceOnce(asWritten,
                "listen: 0.0.0.0:1080", "listen: 127.0.0.1:0"),
                "ports: 5432", "ports: " + db.port()),
                "ports: 443", "ports: " + wiki.port());
        ServerConfig config = ConfigLoader.parse(forTest, "recipe for the test").withAuthThrottle(
                new AuthThrottleConfig(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(1)));
        ConfigValidator.validate(config);
        FakeResolver inside = new FakeResolver()
                .map("db.inside.example", InetAddress.getLoopbackAddress())
                .map("wiki.inside.example", InetAddress.getLoopbackAddress())
                .map("other.inside.example", InetAddress.getLoopbackAddress());
        rulesLog = new PolicySupport.RulesLog();
        server = RunningServer.start(config, inside);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (rulesLog != null) {
            rulesLog.close();
        }
        if (db != null) {
            db.close();
        }
        if (wiki != null) {
            wiki.close();
        }
    }

    @Test
    void aDbUserReachesTheDatabase() throws Exception {
        ExternalProgram.Result r = pysocks("5", "db.inside.example", db.port(), ALICE);
        assertThat(r.exitCode()).as("pysocks: %s", r).isZero();
        assertThat(r.stdout()).isEqualTo("hello inside");
        Session s = server.sessions().next();
        assertThat(s.user()).isEqualTo(ALICE);
        assertThat(s.groups()).containsExactly("db-users");
        assertThat(s.rule()).isEqualTo("inside-db");
    }

    @Test
    void someoneElseDoesNot() throws Exception {
        int before = db.accepted();
        ExternalProgram.Result r = pysocks("5", "db.inside.example", db.port(), BOB);
        assertThat(r.exitCode()).as("pysocks: %s", r).isEqualTo(2);
        assertThat(r.stderr()).contains("0x02");
        Session s = server.sessions().next();
        assertThat(s.reply()).isEqualTo("0x02");
        assertThat(s.rule()).isEqualTo("refuse-the-rest");
        assertThat(rulesLog.lines()).anySatisfy(l -> assertThat(l).contains("refuse-the-rest", "user=bob",
                "dst=db.inside.example:" + db.port()));
        assertThat(db.accepted()).isEqualTo(before);
    }

    @Test
    void everyUserReachesTheWikiAndNothingElse() throws Exception {
        ExternalProgram.Result ok = curl(BOB, "wiki.inside.example", wiki.port(), "/page");
        assertThat(ok.exitCode()).as("curl: %s", ok).isZero();
        assertThat(ok.stdout()).isEqualTo(HttpTarget.BODY + "/page");
        assertThat(server.sessions().next().rule()).isEqualTo("inside-wiki");

        for (String[] refused : new String[][] {
                {"wiki.inside.example", Integer.toString(db.port())},      // right host, wrong port
                {"db.inside.example", Integer.toString(wiki.port())},      // the db host on the wiki's port
                {"other.inside.example", Integer.toString(wiki.port())},   // a host not in the list
                {"127.0.0.1", Integer.toString(wiki.port())}}) {           // the wiki by address, not by name
            ExternalProgram.Result r = curl(ALICE, refused[0], Integer.parseInt(refused[1]), "/");
            assertThat(r.exitCode()).as("curl to %s:%s: %s", refused[0], refused[1], r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("(2)");
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo("0x02");
            assertThat(s.rule()).isEqualTo("refuse-the-rest");
        }
    }

    @Test
    void withoutAPasswordNothingGetsThrough() throws Exception {
        ExternalProgram.Result v4 = PolicySupport.pysocks(script, server.port(), "4", "db.inside.example", db.port(),
                true, "hello inside");
        assertThat(v4.exitCode()).as("pysocks: %s", v4).isEqualTo(2);
        assertThat(v4.stderr()).contains("0x5b");
        assertThat(server.sessions().next().error()).contains("requires a password");

        ExternalProgram.Result none = PolicySupport.curl("--socks5-hostname", PolicySupport.proxy(server),
                wiki.url("wiki.inside.example", "/"));
        assertThat(none.exitCode()).as("curl: %s", none).isEqualTo(CURLE_PROXY);
        assertThat(server.sessions().next().error()).contains("no acceptable method");
    }

    private static ExternalProgram.Result pysocks(String version, String host, int port, String user) throws Exception {
        return PolicySupport.pysocks(script, server.port(), version, host, port, true, "hello inside", user, PASSWORD);
    }

    private static ExternalProgram.Result curl(String user, String host, int port, String path) throws Exception {
        return PolicySupport.curl("--proxy", "socks5h://" + user + ":" + PASSWORD + "@" + PolicySupport.proxy(server),
                "http://" + host + ":" + port + path);
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.indexOf(from)).as("'%s' in the recipe", from).isNotNegative();
        assertThat(text.indexOf(from, text.indexOf(from) + 1)).as("'%s' once in the recipe", from).isNegative();
        return text.replace(from, to);
    }
}
