package dev.argyle.server.policy;

import dev.argyle.server.policy.Condition.ClientFrom;
import dev.argyle.server.policy.Condition.DestinationIn;
import java.util.List;

/**
 * The rules used when the configuration has none, written as ordinary rules (all named {@code default}) so that
 * docs/rules.md can show them as YAML and a test can check that the two agree.
 *
 * <p>Clients: only from the listener's own network scope ({@link NetworkScope}). Requests: nothing link-local or
 * cloud metadata (169.254.0.0/16, fe80::/10, AWS's fd00:ec2::254), nothing to this server's own listeners (a
 * loop), and the proxy host's loopback (127.0.0.0/8, ::1) only for clients that are on loopback themselves, so
 * that a remote user cannot reach services bound to the proxy's localhost; everything else passes.
 */
public final class DefaultRules {
    public static final RuleSet CLIENTS = new RuleSet(RuleSet.Stage.CLIENTS, List.of(
            rule(Action.PASS, from(Source.LISTENER_NETWORK)),
            rule(Action.BLOCK)));

    public static final RuleSet REQUESTS = new RuleSet(RuleSet.Stage.REQUESTS, List.of(
            rule(Action.BLOCK, to("169.254.0.0/16", "fe80::/10", "fd00:ec2::254")),
            rule(Action.BLOCK, to(Target.LISTENERS)),
            rule(Action.PASS, from("127.0.0.0/8", "::1"), to("127.0.0.0/8", "::1")),
            rule(Action.BLOCK, to("127.0.0.0/8", "::1")),
            rule(Action.PASS)));

    private DefaultRules() {
    }

    private static Rule rule(Action action, Condition... conditions) {
        return new Rule(RuleSet.DEFAULT, action, false, List.of(conditions));
    }

    private static Condition from(String... sources) {
        return new ClientFrom(List.of(sources).stream().map(Source::parse).toList());
    }

    private static Condition to(String... targets) {
        return new DestinationIn(List.of(targets).stream().map(Target::parse).toList());
    }
}
