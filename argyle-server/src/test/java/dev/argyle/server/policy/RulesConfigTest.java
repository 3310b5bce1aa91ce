package dev.argyle.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.Command;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.policy.Condition.ClientFrom;
import dev.argyle.server.policy.Condition.CommandIn;
import dev.argyle.server.policy.Condition.DestinationIn;
import dev.argyle.server.policy.Condition.GroupIn;
import dev.argyle.server.policy.Condition.ListenerIs;
import dev.argyle.server.policy.Condition.PortIn;
import dev.argyle.server.policy.Condition.UserIn;
import dev.argyle.server.policy.Condition.VersionIn;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code rules:} section of the config file: every key, and errors with line and column. */
class RulesConfigTest {
    @Test
    void readsEveryKey() throws ConfigException {
        AccessRules rules = ConfigLoader.parse("""
                rules:
                  clients:
                    - name: office
                      action: pass
                      listener: 127.0.0.1:1080
                      from: [10.0.0.0/8, "fd00::/8"]
                      log: true
                    - action: block
                  requests:
                    - name: db
                      action: pass
                      listener: ["127.0.0.1:1080", "[::1]:1080"]
                      from: listener-network
                      users: [alice, bob]
                      groups: ops
                      version: [4, 5]
                      commands: [connect, bind, udp]
                      to: ["*.example.com", 10.1.2.0/24, db.internal, listeners]
                      ports: "80,443,8000-8999"
                    - action: block
                      ports: [22, "25-26"]
                """, "t.yaml").rules();
        assertThat(rules.clients().rules()).containsExactly(
                new Rule("office", Action.PASS, true, List.of(
                        new ListenerIs(List.of(Facts.addr("127.0.0.1", 1080))),
                        new ClientFrom(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"))))),
                new Rule(null, Action.BLOCK, false, List.of()));
        assertThat(rules.requests().rules()).containsExactly(
                new Rule("db", Action.PASS, false, List.of(
                        new ListenerIs(List.of(Facts.addr("127.0.0.1", 1080), Facts.addr("::1", 1080))),
                        new ClientFrom(List.of(new Source.ListenerNetwork())),
                        new UserIn(List.of("alice", "bob")),
                        new GroupIn(List.of("ops")),
                        new VersionIn(List.of(4, 5)),
                        new CommandIn(List.of(Command.CONNECT, Command.BIND, Command.UDP_ASSOCIATE)),
                        new DestinationIn(List.of(HostPattern.parse("*.example.com"), Cidr.parse("10.1.2.0/24"),
                                HostPattern.parse("db.internal"), new Target.OwnListeners())),
                        new PortIn(PortRanges.parse("80,443,8000-8999")))),
                new Rule(null, Action.BLOCK, false, List.of(new PortIn(PortRanges.parse("22,25-26")))));
        assertThat(rules.requests().label(0)).isEqualTo("db");
        assertThat(rules.requests().label(1)).isEqualTo("requests#2");
    }

    @Test
    void aListLeftOutKeepsItsDefault() throws ConfigException {
        AccessRules onlyRequests = ConfigLoader.parse("rules:\n  requests:\n    - action: block\n", "t.yaml").rules();
        assertThat(onlyRequests.clients()).isEqualTo(DefaultRules.CLIENTS);
        assertThat(onlyRequests.requests().rules()).hasSize(1);
        assertThat(ConfigLoader.parse("rules:\n", "t.yaml").rules()).isEqualTo(AccessRules.defaults());
        assertThat(ConfigLoader.parse("rules:\n  clients:\n", "t.yaml").rules()).isEqualTo(AccessRules.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key in a rule | 'rules:\\n  requests:\\n    - action: pass\\n      port: 80\\n' | t.yaml, line 4, column 7: rules.requests[0].port: unknown key; did you mean 'ports'? valid keys in rules.requests[0]: name, action, log, listener, from, users, groups, version, commands, to, ports
            client rule with a user | 'rules:\\n  clients:\\n    - action: pass\\n      users: [alice]\\n' | t.yaml, line 4, column 7: rules.clients[0].users: unknown key; valid keys in rules.clients[0]: name, action, log, listener, from
            unknown list | 'rules:\\n  request:\\n    - action: pass\\n' | t.yaml, line 2, column 3: rules.request: unknown key; did you mean 'requests'? valid keys in rules: clients, requests
            missing action | 'rules:\\n  requests:\\n    - to: 10.0.0.0/8\\n' | t.yaml, line 3, column 7: rules.requests[0]: every rule needs 'action: pass' or 'action: block'
            bad action | 'rules:\\n  requests:\\n    - action: allow\\n' | t.yaml, line 3, column 15: rules.requests[0].action: expected pass or block, got 'allow'
            bad block | 'rules:\\n  requests:\\n    - action: block\\n      to: [10.0.0.1/8]\\n' | t.yaml, line 4, column 12: rules.requests[0].to[0]: '10.0.0.1/8' has bits set after the prefix; the block is 10.0.0.0/8
            second item bad | 'rules:\\n  requests:\\n    - action: block\\n      to:\\n        - 10.0.0.0/8\\n        - 300.1.1.1\\n' | t.yaml, line 6, column 11: rules.requests[0].to[1]: '300.1.1.1' is not an IP address or block such as 10.0.0.0/8 or fe80::/10
            name as client | 'rules:\\n  clients:\\n    - action: pass\\n      from: office.example\\n' | t.yaml, line 4, column 13: rules.clients[0].from: expected an IP address, a block such as 10.0.0.0/8, or listener-network, got 'office.example' (clients are matched by address, not by name)
            bad ports | 'rules:\\n  requests:\\n    - action: block\\n      ports: 80-http\\n' | t.yaml, line 4, column 14: rules.requests[0].ports: expected ports and ranges such as 80,443,8000-8999, got '80-http'
            bad version | 'rules:\\n  requests:\\n    - action: block\\n      version: 6\\n' | t.yaml, line 4, column 16: rules.requests[0].version: expected 4 (SOCKS4 and 4a) or 5, got '6'
            bad command | 'rules:\\n  requests:\\n    - action: block\\n      commands: [connect, associate]\\n' | t.yaml, line 4, column 27: rules.requests[0].commands[1]: expected connect, bind or udp, got 'associate'
            empty list of rules | 'rules:\\n  requests: []\\n' | t.yaml, line 2, column 13: rules.requests: expected at least one rule; remove the key to use the default requests rules (see docs/rules.md)
            empty condition | 'rules:\\n  requests:\\n    - action: block\\n      users: []\\n' | t.yaml, line 4, column 14: rules.requests[0].users: expected user names (at least one; leave the key out to match everything), got a list
            mapping as value | 'rules:\\n  requests:\\n    - action: block\\n      to: {a: b}\\n' | t.yaml, line 4, column 11: rules.requests[0].to: expected an IP address, a block, a host name, a wildcard such as "*.example.com", or listeners, got a mapping
            bad name | 'rules:\\n  requests:\\n    - action: block\\n      name: no internal\\n' | t.yaml, line 4, column 13: rules.requests[0].name: a rule name is 1-64 letters, digits and . _ : @ / + -, got 'no internal'
            bad log | 'rules:\\n  requests:\\n    - action: block\\n      log: yes please\\n' | t.yaml, line 4, column 12: rules.requests[0].log: expected true or false, got 'yes please'
            rules not a mapping | 'rules: [a]\\n' | t.yaml, line 1, column 8: rules: expected a mapping with keys clients, requests, got a list
            """)
    void mistakesNameTheirPlace(String what, String yaml, String message) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml.replace("\\n", "\n"), "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void unquotedWildcardsAndIpv6ListsGetAHint() {
        assertThatThrownBy(() -> ConfigLoader.parse("rules:\n  requests:\n    - action: block\n      to: *.example.com\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 4")
                .hasMessageContaining("quote it: \"*.example.com\"");
        assertThatThrownBy(() -> ConfigLoader.parse("rules:\n  requests:\n    - action: block\n      to: [::1, fe80::/10]\n", "t.yaml"))
                .hasMessageStartingWith("t.yaml, line 4")
                .hasMessageContaining("quote IPv6 addresses");
    }
}
