package dev.argyle.server.policy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SessionPolicy} that checks {@link AccessRules}. Thread-safe. */
public final class RulePolicy implements SessionPolicy {
    private final AccessRules rules;
    private final CopyOnWriteArrayList<InetSocketAddress> ownListeners = new CopyOnWriteArrayList<>();

    /**
     * @param listeners the configured listener addresses; those with a fixed port count as the server's own
     *                  sockets from the start, the others once {@link #listening} reports their port
     */
    public RulePolicy(AccessRules rules, List<InetSocketAddress> listeners) {
        this.rules = rules;
        listeners.stream().filter(a -> a.getPort() != 0).forEach(this::listening);
    }

    @Override
    public Decision admit(SessionFacts client) {
        Decision d = rules.clients().evaluate(Query.onAccept(client));
        // Client rules only match what is known on accept, so this cannot happen; if it did, refuse.
        return d.decided() ? d : new Decision(Decision.Verdict.BLOCK, RuleSet.DEFAULT, false,
                "blocked: the client rules could not decide on accept");
    }

    @Override
    public Decision authorize(SessionFacts session, Command command, SocksAddress destination, InetAddress resolved) {
        return rules.requests().evaluate(Query.of(session, command, destination, resolved, ownListeners));
    }

    @Override
    public void listening(InetSocketAddress bound) {
        ownListeners.addIfAbsent(bound);
    }

    public AccessRules rules() {
        return rules;
    }
}
