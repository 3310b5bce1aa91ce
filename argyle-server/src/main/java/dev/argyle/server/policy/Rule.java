package dev.argyle.server.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One access rule: when all its conditions hold, {@code action} decides. A rule without conditions matches
 * everything (the usual last rule of a list). Immutable.
 *
 * @param name       a label for logs, or null (the rule is then known by its position, {@code requests#3})
 * @param action     pass or block
 * @param log        whether each decision this rule makes is written to the {@code argyle.rules} log
 * @param conditions all must hold
 */
public record Rule(String name, Action action, boolean log, List<Condition> conditions) {
    public Rule {
        Objects.requireNonNull(action, "action");
        conditions = List.copyOf(conditions);
        if (name != null && !name.matches("[A-Za-z0-9._:@/+-]{1,64}")) {
            throw new IllegalArgumentException("a rule name is 1-64 letters, digits and . _ : @ / + -, got '" + name + "'");
        }
    }

    /** A rule with these conditions and no name or logging. */
    public static Rule of(Action action, Condition... conditions) {
        return new Rule(null, action, false, List.of(conditions));
    }

    /** Yes when every condition holds, no when one does not, maybe when the rest depend on what is not known. */
    public Match test(Query q) {
        Match m = Match.YES;
        for (Condition c : conditions) {
            m = m.and(c.test(q));
            if (m == Match.NO) {
                return m;
            }
        }
        return m;
    }

    /** "block to 169.254.0.0/16,fe80::/10", for messages. */
    public String describe() {
        if (conditions.isEmpty()) {
            return action.label() + " everything";
        }
        return action.label() + " " + conditions.stream().map(Condition::toString).collect(Collectors.joining(" "));
    }
}
