package dev.argyle.server.policy;

import java.util.List;
import java.util.Objects;

/**
 * One stage's rules in order; the first rule that matches decides. When none matches, the request is blocked
 * (an implicit last rule, logged as {@code default}). Immutable and thread-safe.
 *
 * @param stage clients (checked on accept) or requests (checked per request and destination)
 * @param rules in order
 */
public record RuleSet(Stage stage, List<Rule> rules) {
    /** The name that built-in rules carry, and the label of the implicit block at the end of a list. */
    public static final String DEFAULT = "default";

    /** Which list a rule set is. */
    public enum Stage {
        CLIENTS("clients", "client rule"), REQUESTS("requests", "request rule");

        private final String key;
        private final String noun;

        Stage(String key, String noun) {
            this.key = key;
            this.noun = noun;
        }

        /** The config key: {@code clients} or {@code requests}. */
        public String key() {
            return key;
        }
    }

    public RuleSet {
        Objects.requireNonNull(stage, "stage");
        rules = List.copyOf(rules);
    }

    /**
     * The first rule that matches decides. Rules that might match, depending on what is not known yet (the
     * address of a name), are remembered: when the first rule that surely matches has the same action as all of
     * them, the outcome is that action whatever the address turns out to be, and it decides now (a blocked name
     * need not be resolved); otherwise the query is undecided and must be asked again when the address is known.
     */
    public Decision evaluate(Query q) {
        boolean maybePass = false;
        boolean maybeBlock = false;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            Match m = r.test(q);
            if (m == Match.MAYBE) {
                maybePass |= r.action() == Action.PASS;
                maybeBlock |= r.action() == Action.BLOCK;
            } else if (m == Match.YES) {
                boolean pass = r.action() == Action.PASS;
                return (pass ? maybeBlock : maybePass) ? Decision.UNDECIDED : decided(r, i);
            }
        }
        if (maybePass) {
            return Decision.UNDECIDED;
        }
        return new Decision(Decision.Verdict.BLOCK, DEFAULT, false,
                "blocked: no " + stage.noun + " matched (the end of rules." + stage.key + " blocks)");
    }

    private Decision decided(Rule r, int index) {
        boolean pass = r.action() == Action.PASS;
        String label = label(index);
        String by = DEFAULT.equals(r.name()) ? "the default " + stage.noun : stage.noun + " " + label;
        return new Decision(pass ? Decision.Verdict.PASS : Decision.Verdict.BLOCK, label, r.log(),
                (pass ? "passed by " : "blocked by ") + by + " (" + r.describe() + ")");
    }

    /** The rule's name, or its position: {@code requests#3}. */
    public String label(int index) {
        Rule r = rules.get(index);
        return r.name() != null ? r.name() : stage.key + "#" + (index + 1);
    }
}
