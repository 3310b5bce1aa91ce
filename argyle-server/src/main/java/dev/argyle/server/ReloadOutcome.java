package dev.argyle.server;

import java.util.List;

/**
 * What a successful {@link ArgyleServer#reload} did.
 *
 * @param generation the number of the policy now in force (1 was the one started with)
 * @param notApplied parts of the new configuration left as they were until a restart (e.g. "listeners")
 */
public record ReloadOutcome(long generation, List<String> notApplied) {
    public ReloadOutcome {
        notApplied = List.copyOf(notApplied);
    }

    /** One line for people and for the control socket: {@code policy 3 in force; restart to apply: listeners}. */
    public String describe() {
        String s = "policy " + generation + " in force";
        return notApplied.isEmpty() ? s : s + "; not applied until a restart: " + String.join(", ", notApplied);
    }
}
