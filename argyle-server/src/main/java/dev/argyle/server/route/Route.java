package dev.argyle.server.route;

import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.server.policy.Condition;
import dev.argyle.server.policy.Match;
import dev.argyle.server.policy.Query;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One entry of {@code routes:}: when all its conditions hold, the request goes {@code direct}, or through the
 * first of {@code chains} that works (each chain a list of hops, hop 1 first). Immutable; {@link #toString()}
 * shows no password.
 *
 * <p>Routes are matched on what the request says, before anything is resolved: a condition that could only
 * be decided by the address of a name (a CIDR against a name) does not match.
 *
 * @param name              the label the access log shows ({@code route=}); {@code routes#N} when unnamed
 * @param conditions        all must hold; none matches every request
 * @param chains            the alternatives in order; empty for {@code direct}
 * @param hopConnectTimeout bounds each hop's TCP connect and each hop's handshake
 */
public record Route(String name, List<Condition> conditions, List<List<ProxyUri>> chains, Duration hopConnectTimeout) {
    /** The name of the implicit last route, and the label of every direct route without a name. */
    public static final String DIRECT = "direct";
    /** The default {@code hop-connect-timeout}. */
    public static final Duration DEFAULT_HOP_TIMEOUT = Duration.ofSeconds(10);

    public Route {
        Objects.requireNonNull(name, "name");
        conditions = List.copyOf(conditions);
        chains = chains.stream().map(List::copyOf).toList();
        if (chains.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("a chain needs at least one hop");
        }
        Objects.requireNonNull(hopConnectTimeout, "hopConnectTimeout");
        if (hopConnectTimeout.isNegative() || hopConnectTimeout.isZero()) {
            throw new IllegalArgumentException("hop-connect-timeout must be positive");
        }
    }

    /** The route taken when no configured route matches. */
    public static Route direct() {
        return new Route(DIRECT, List.of(), List.of(), DEFAULT_HOP_TIMEOUT);
    }

    public boolean isDirect() {
        return chains.isEmpty();
    }

    /** Yes only when every condition surely holds. */
    public boolean matches(Query q) {
        for (Condition c : conditions) {
            if (c.test(q) != Match.YES) {
                return false;
            }
        }
        return true;
    }

    /** What the access log shows when chain {@code index} (0-based) was taken: the name, plus #n with failover. */
    public String label(int index) {
        return chains.size() > 1 ? name + "#" + (index + 1) : name;
    }

    @Override
    public String toString() {
        String action = isDirect() ? "direct" : chains.stream()
                .map(c -> c.stream().map(ProxyUri::toString).collect(Collectors.joining(" -> ")))
                .collect(Collectors.joining(" | ", "via ", ""));
        return "route " + name + " " + conditions.stream().map(Condition::toString).collect(Collectors.joining(" "))
                + " " + action;
    }
}
