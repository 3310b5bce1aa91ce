package dev.argyle.server.policy;

import java.util.Locale;

/** One entry of a rule's {@code from:} list: who the client is. */
public sealed interface Source permits Cidr, Source.ListenerNetwork {
    /** The keyword for {@link ListenerNetwork}. */
    String LISTENER_NETWORK = "listener-network";

    boolean matchesClient(SessionFacts facts);

    /**
     * An address, a block, or {@code listener-network}.
     *
     * @throws IllegalArgumentException for anything else (names are refused: a client is known by its address)
     */
    static Source parse(String text) {
        if (text.strip().toLowerCase(Locale.ROOT).equals(LISTENER_NETWORK)) {
            return new ListenerNetwork();
        }
        if (!Addresses.looksNumeric(text.strip())) {
            throw new IllegalArgumentException("expected an IP address, a block such as 10.0.0.0/8, or "
                    + LISTENER_NETWORK + ", got '" + text + "' (clients are matched by address, not by name)");
        }
        return Cidr.parse(text);
    }

    /**
     * A client in the same network scope as the address it connected to, or a narrower one: see
     * {@link NetworkScope}. For a listener on {@code 0.0.0.0} or {@code [::]} that is the address of the
     * interface the connection arrived on.
     */
    record ListenerNetwork() implements Source {
        @Override
        public boolean matchesClient(SessionFacts facts) {
            if (facts.client() == null || facts.local() == null) {
                return false;
            }
            NetworkScope listener = NetworkScope.of(facts.local().getAddress());
            return NetworkScope.of(facts.client().getAddress()).within(listener);
        }

        @Override
        public String toString() {
            return LISTENER_NETWORK;
        }
    }
}
