package dev.argyle.server.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The addresses of a resolved name that the request rules allow, in the resolver's order, and the first
 * refusal, for the reply when none is allowed.
 *
 * @param allowed the addresses to try
 * @param refusal the first block, or null when nothing was blocked
 */
public record Permitted(List<InetAddress> allowed, Decision refusal) {
    public Permitted {
        allowed = List.copyOf(allowed);
    }

    /** Checks each address; {@code check} is usually {@code a -> context.authorize(destination, a)}. */
    public static Permitted filter(List<InetAddress> addresses, Function<InetAddress, Decision> check) {
        List<InetAddress> allowed = new ArrayList<>(addresses.size());
        Decision refusal = null;
        for (InetAddress a : addresses) {
            Decision d = check.apply(a);
            if (!d.blocked()) {
                allowed.add(a);
            } else if (refusal == null) {
                refusal = d;
            }
        }
        return new Permitted(allowed, refusal);
    }

    /** True when the rules blocked every address (not when there were none to begin with). */
    public boolean blocked() {
        return allowed.isEmpty() && refusal != null;
    }
}
