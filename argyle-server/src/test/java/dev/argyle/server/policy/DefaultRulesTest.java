package dev.argyle.server.policy;

import static dev.argyle.server.policy.Facts.addr;
import static dev.argyle.server.policy.Facts.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.server.config.ConfigLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in rules, with any addresses (the integration tests can only be on loopback): who is admitted on
 * which listener, and which destinations a local and a remote client may reach.
 */
class DefaultRulesTest {
    private final RulePolicy policy = new RulePolicy(AccessRules.defaults(),
            List.of(addr("127.0.0.1", 1080), addr("0.0.0.0", 1081), addr("192.0.2.2", 1082)));

    @ParameterizedTest(name = "client {2} on {1} (listener {0}): {3}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:1080 | 127.0.0.1:1080   | 127.0.0.1    | PASS
            127.0.0.1:1080 | 127.0.0.1:1080   | 127.0.0.53   | PASS
            127.0.0.1:1080 | 127.0.0.1:1080   | 192.0.2.7    | BLOCK
            0.0.0.0:1081   | 127.0.0.1:1081   | 127.0.0.1    | PASS
            0.0.0.0:1081   | 127.0.0.1:1081   | 192.168.1.9  | BLOCK
            0.0.0.0:1081   | 192.168.1.5:1081 | 192.168.1.9  | PASS
            0.0.0.0:1081   | 192.168.1.5:1081 | 203.0.113.9  | BLOCK
            0.0.0.0:1081   | 192.0.2.2:1081   | 203.0.113.9  | PASS
            0.0.0.0:1081   | 10.0.0.1:1081    | 100.64.3.3   | PASS
            """)
    void clientsFromTheListenersOwnNetworkScope(String listener, String local, String client, Decision.Verdict verdict) {
        Decision d = policy.admit(SessionFacts.onAccept(hostPort(listener), hostPort(local), addr(client, 40000)));
        assertThat(d.verdict()).as(d.reason()).isEqualTo(verdict);
        assertThat(d.rule()).isEqualTo("default");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # client     | destination           | resolved        | verdict
            127.0.0.1    | 127.0.0.1:8080        | -               | PASS
            127.0.0.1    | [::1]:8080            | -               | PASS
            ::1          | 127.0.0.1:8080        | -               | PASS
            192.0.2.7    | 127.0.0.1:8080        | -               | BLOCK
            192.0.2.7    | 127.1.2.3:22          | -               | BLOCK
            192.0.2.7    | [::1]:8080            | -               | BLOCK
            192.0.2.7    | ::ffff:127.0.0.1:8080 | -               | BLOCK
            192.0.2.7    | localhost.test:8080   | 127.0.0.1       | BLOCK
            192.0.2.7    | localhost.test:8080   | -               | UNDECIDED
            127.0.0.1    | 169.254.169.254:80    | -               | BLOCK
            192.0.2.7    | 169.254.169.254:80    | -               | BLOCK
            192.0.2.7    | metadata.test:80      | 169.254.169.254 | BLOCK
            192.0.2.7    | [fe80::1]:80          | -               | BLOCK
            192.0.2.7    | [fd00:ec2::254]:80    | -               | BLOCK
            192.0.2.7    | [fd00:ec2::253]:80    | -               | PASS
            127.0.0.1    | 127.0.0.1:1080        | -               | BLOCK
            127.0.0.1    | 127.0.0.1:1081        | -               | BLOCK
            127.0.0.1    | 127.0.0.2:1081        | -               | BLOCK
            127.0.0.1    | 127.0.0.2:1080        | -               | PASS
            192.0.2.7    | 192.0.2.2:1082        | -               | BLOCK
            192.0.2.7    | 192.0.2.2:1083        | -               | PASS
            192.0.2.7    | proxy.test:1082       | 192.0.2.2       | BLOCK
            192.0.2.7    | 93.184.216.34:443     | -               | PASS
            192.0.2.7    | www.example.com:443   | 93.184.216.34   | PASS
            192.0.2.7    | 10.1.2.3:5432         | -               | PASS
            192.0.2.7    | [2001:db8::1]:443     | -               | PASS
            """)
    void destinations(String client, String destination, String resolved, Decision.Verdict verdict) {
        SessionFacts facts = new SessionFacts(addr("0.0.0.0", 1081), addr("192.0.2.2", 1081), addr(client, 40000),
                null, List.of(), 5);
        Decision d = policy.authorize(facts, Command.CONNECT, Facts.dst(destination), resolved == null ? null : ip(resolved));
        assertThat(d.verdict()).as(d.reason()).isEqualTo(verdict);
        if (d.decided()) {
            assertThat(d.rule()).isEqualTo("default");
        }
    }

    @Test
    void anEphemeralListenerCountsOnceItsPortIsKnown() {
        RulePolicy p = new RulePolicy(AccessRules.defaults(), List.of(addr("127.0.0.1", 0)));
        SessionFacts local = Facts.session("127.0.0.1");
        assertThat(p.authorize(local, Command.CONNECT, Facts.dst("127.0.0.1:41000"), null).passed()).isTrue();
        p.listening(addr("127.0.0.1", 41000));
        assertThat(p.authorize(local, Command.CONNECT, Facts.dst("127.0.0.1:41000"), null).blocked()).isTrue();
    }

    @Test
    void theDefaultsAreWhatDocsRulesMdShows() throws Exception {
        String yaml = DocsRules.block("default-rules");
        assertThat(ConfigLoader.parse(yaml, "docs/rules.md").rules()).isEqualTo(AccessRules.defaults());
        assertThat(ConfigLoader.parse("", "empty.yaml").rules()).isEqualTo(AccessRules.defaults());
    }

    @Test
    void everyYamlExampleInDocsRulesMdLoads() throws Exception {
        List<String> blocks = DocsRules.allYamlBlocks();
        assertThat(blocks).hasSizeGreaterThan(3);
        for (String yaml : blocks) {
            ConfigLoader.parse(yaml, "docs/rules.md example:\n" + yaml);
        }
        assertThat(Files.readString(Path.of("../docs/rules.md"))).contains("rule=");
    }

    private static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        return addr(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
