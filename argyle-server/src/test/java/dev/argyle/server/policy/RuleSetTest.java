package dev.argyle.server.policy;

import static dev.argyle.server.policy.Facts.query;
import static dev.argyle.server.policy.Facts.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.server.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** First match wins; conditions of a rule all hold; a name's rules may wait for its address. */
class RuleSetTest {
    /** Read through the config loader, so the tests use the rules exactly as an operator writes them. */
    private static final RuleSet RULES = requests("""
            rules:
              requests:
                - name: ops-anything
                  action: pass
                  groups: [ops]
                - name: no-metadata
                  action: block
                  to: [169.254.0.0/16, "fe80::/10"]
                - name: alice-db
                  action: pass
                  users: [alice]
                  to: [db.internal, "10.1.2.0/24"]
                  ports: 5432
                - name: no-internal
                  action: block
                  to: [10.0.0.0/8, "fd00::/8", "*.internal"]
                - name: v4-connect-only
                  action: block
                  version: 4
                  commands: [bind]
                - action: pass
                  commands: [connect, udp]
                  ports: "80,443,8000-8999"
                - action: block
                  log: true
            """);

    @ParameterizedTest(name = "{0} user={1} groups={2} {3} {4} ({5}) -> {6} by {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # client      | user  | groups | cmd     | destination          | resolved    | verdict   | rule
            192.0.2.7     | bob   | ops    | connect | 169.254.169.254:80   | -           | PASS      | ops-anything
            192.0.2.7     | bob   | dev    | connect | 169.254.169.254:80   | -           | BLOCK     | no-metadata
            192.0.2.7     | -     | -      | connect | [fe80::1]:443        | -           | BLOCK     | no-metadata
            192.0.2.7     | alice | -      | connect | db.internal:5432     | -           | UNDECIDED | -
            192.0.2.7     | alice | -      | connect | db.internal:5432     | 10.1.2.3    | PASS      | alice-db
            192.0.2.7     | alice | -      | connect | 10.1.2.99:5432       | -           | PASS      | alice-db
            192.0.2.7     | alice | -      | connect | 10.1.2.99:5433       | -           | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | connect | db.internal:5432     | -           | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | connect | 10.9.9.9:443         | -           | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | connect | [fd00::5]:443        | -           | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | connect | www.example.com:443  | 93.184.216.34 | PASS    | requests#6
            192.0.2.7     | bob   | -      | udp     | 198.51.100.1:8080    | -           | PASS      | requests#6
            192.0.2.7     | bob   | -      | bind    | 198.51.100.1:8080    | -           | BLOCK     | requests#7
            192.0.2.7     | bob   | -      | connect | www.example.com:22   | 93.184.216.34 | BLOCK   | requests#7
            192.0.2.7     | bob   | -      | connect | www.example.com:443  | -           | UNDECIDED | -
            192.0.2.7     | bob   | -      | connect | www.example.com:443  | 10.0.0.8    | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | connect | rebind.test:80       | 169.254.169.254 | BLOCK | no-metadata
            192.0.2.7     | alice | -      | connect | db.internal:5432     | 169.254.169.254 | BLOCK | no-metadata
            192.0.2.7     | bob   | -      | connect | 10.1.2.3:5432        | -           | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | connect | ::ffff:10.1.2.3:80   | -           | BLOCK     | no-internal
            192.0.2.7     | bob   | -      | udp     | -                    | -           | UNDECIDED | -
            192.0.2.7     | bob   | ops    | udp     | -                    | -           | PASS      | ops-anything
            """)
    void firstMatchWins(String client, String user, String groups, String command, String destination,
                        String resolved, Decision.Verdict verdict, String rule) {
        SessionFacts facts = groups == null ? session(client, user) : session(client, user, groups.split(","));
        Decision d = RULES.evaluate(query(facts, command(command), destination, resolved));
        assertThat(d.verdict()).as(d.reason()).isEqualTo(verdict);
        assertThat(d.rule()).isEqualTo(rule);
    }

    /** Every rule that might match would block too, so the name is blocked without being resolved. */
    @Test
    void aBlockByNameIsDecidedBeforeResolution() {
        Decision d = RULES.evaluate(query(session("192.0.2.7", "bob"), Command.CONNECT, "files.internal:80", null));
        assertThat(d.blocked()).isTrue();
        assertThat(d.rule()).isEqualTo("no-internal");
        assertThat(d.reason()).isEqualTo("blocked by request rule no-internal (block to 10.0.0.0/8,fd00::/8,*.internal)");
    }

    @Test
    void socks4RequestsSeeTheirVersion() {
        SessionFacts v4 = new SessionFacts(Facts.LISTENER, Facts.LISTENER, Facts.addr("192.0.2.7", 1), null, List.of(), 4);
        assertThat(RULES.evaluate(query(v4, Command.BIND, "198.51.100.1:0", null)).rule()).isEqualTo("v4-connect-only");
        assertThat(RULES.evaluate(query(v4, Command.CONNECT, "198.51.100.1:80", null)).rule()).isEqualTo("requests#6");
    }

    @Test
    void noMatchBlocksAsDefault() {
        RuleSet one = requests("rules:\n  requests:\n    - action: pass\n      ports: 443\n");
        Decision d = one.evaluate(query(session("192.0.2.7"), Command.CONNECT, "198.51.100.1:80", null));
        assertThat(d.blocked()).isTrue();
        assertThat(d.rule()).isEqualTo("default");
        assertThat(d.reason()).contains("no request rule matched");
    }

    @Test
    void theOrderDecidesBetweenANamePassAndAnAddressBlock() {
        RuleSet namesFirst = requests("""
                rules:
                  requests:
                    - {action: pass, to: ["*.trusted.test"]}
                    - {action: block, to: [10.0.0.0/8]}
                """);
        RuleSet addressesFirst = requests("""
                rules:
                  requests:
                    - {action: block, to: [10.0.0.0/8]}
                    - {action: pass, to: ["*.trusted.test"]}
                """);
        SessionFacts s = session("192.0.2.7");
        assertThat(namesFirst.evaluate(query(s, Command.CONNECT, "a.trusted.test:80", "10.1.1.1")).passed()).isTrue();
        assertThat(addressesFirst.evaluate(query(s, Command.CONNECT, "a.trusted.test:80", null)).decided()).isFalse();
        assertThat(addressesFirst.evaluate(query(s, Command.CONNECT, "a.trusted.test:80", "10.1.1.1")).blocked()).isTrue();
        assertThat(addressesFirst.evaluate(query(s, Command.CONNECT, "a.trusted.test:80", "192.0.2.80")).passed()).isTrue();
    }

    /** Before resolution a name is decided only when every rule that might still match agrees. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # rules (a YAML flow list)                                                   | verdict   | rule
            [{action: block, to: 10.0.0.0/8}, {action: block, to: "*.test"}]              | BLOCK     | requests#2
            [{action: block, to: 10.0.0.0/8}, {action: pass, to: "*.test"}]               | UNDECIDED | -
            [{action: pass, to: 10.0.0.0/8}, {action: pass, to: "*.test"}]                | PASS      | requests#2
            [{action: pass, to: 10.0.0.0/8}, {action: block, to: "*.test"}]               | UNDECIDED | -
            [{action: block, to: 10.0.0.0/8}]                                              | BLOCK     | default
            [{action: pass, to: 10.0.0.0/8}]                                               | UNDECIDED | -
            [{action: pass, to: "*.test"}, {action: block, to: 10.0.0.0/8}]               | PASS      | requests#1
            [{action: block, to: listeners}, {action: pass}]                               | UNDECIDED | -
            """)
    void aNameBeforeResolution(String list, Decision.Verdict verdict, String rule) {
        RuleSet rules = requests("rules:\n  requests: " + list + "\n");
        Decision d = rules.evaluate(query(session("192.0.2.7"), Command.CONNECT, "a.test:80", null));
        assertThat(d.verdict()).isEqualTo(verdict);
        assertThat(d.rule()).isEqualTo(rule);
    }

    @Test
    void socks4UserIdsAreNotUsers() {
        RuleSet users = requests("rules:\n  requests:\n    - {action: pass, users: [alice]}\n");
        // The handshake never puts an unverified SOCKS4 USERID into the facts; a fact without a user never matches.
        assertThat(users.evaluate(query(session("192.0.2.7"), Command.CONNECT, "198.51.100.1:80", null)).blocked()).isTrue();
        assertThat(users.evaluate(query(session("192.0.2.7", "alice"), Command.CONNECT, "198.51.100.1:80", null)).passed()).isTrue();
    }

    @Test
    void listenerMatchesTheConfiguredOrTheConnectedAddress() {
        RuleSet byListener = requests("""
                rules:
                  requests:
                    - {action: block, listener: "0.0.0.0:1080"}
                    - {action: block, listener: "192.0.2.2:1081"}
                    - {action: pass}
                """);
        SessionFacts wildcard = new SessionFacts(Facts.addr("0.0.0.0", 1080), Facts.addr("192.0.2.2", 1080),
                Facts.addr("192.0.2.7", 1), null, List.of(), 5);
        SessionFacts other = new SessionFacts(Facts.addr("0.0.0.0", 0), Facts.addr("192.0.2.2", 1081),
                Facts.addr("192.0.2.7", 1), null, List.of(), 5);
        SessionFacts third = new SessionFacts(Facts.addr("127.0.0.1", 1082), Facts.addr("127.0.0.1", 1082),
                Facts.addr("127.0.0.1", 1), null, List.of(), 5);
        assertThat(byListener.evaluate(query(wildcard, Command.CONNECT, "198.51.100.1:80", null)).rule()).isEqualTo("requests#1");
        assertThat(byListener.evaluate(query(other, Command.CONNECT, "198.51.100.1:80", null)).rule()).isEqualTo("requests#2");
        assertThat(byListener.evaluate(query(third, Command.CONNECT, "198.51.100.1:80", null)).rule()).isEqualTo("requests#3");
    }

    static RuleSet requests(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "test.yaml").rules().requests();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Command command(String label) {
        return switch (label) {
            case "connect" -> Command.CONNECT;
            case "bind" -> Command.BIND;
            case "udp" -> Command.UDP_ASSOCIATE;
            default -> throw new IllegalArgumentException(label);
        };
    }
}
