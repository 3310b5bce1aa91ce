package dev.argyle.server.policy;

import java.util.Objects;

/**
 * The two rule lists of a configuration: {@code rules.clients} and {@code rules.requests}. A list the
 * configuration leaves out is the built-in default ({@link DefaultRules}); one it gives replaces the default
 * entirely. Immutable.
 */
public record AccessRules(RuleSet clients, RuleSet requests) {
    public AccessRules {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(requests, "requests");
        if (clients.stage() != RuleSet.Stage.CLIENTS || requests.stage() != RuleSet.Stage.REQUESTS) {
            throw new IllegalArgumentException("clients and requests rule sets swapped");
        }
        for (Rule r : clients.rules()) {
            for (Condition c : r.conditions()) {
                if (!c.knownOnAccept()) {
                    throw new IllegalArgumentException("client rules are checked on accept and can match only "
                            + "listener and from, not " + c.key());
                }
            }
        }
    }

    public static AccessRules defaults() {
        return new AccessRules(DefaultRules.CLIENTS, DefaultRules.REQUESTS);
    }

    public AccessRules withClients(RuleSet c) {
        return new AccessRules(c, requests);
    }

    public AccessRules withRequests(RuleSet r) {
        return new AccessRules(clients, r);
    }
}
