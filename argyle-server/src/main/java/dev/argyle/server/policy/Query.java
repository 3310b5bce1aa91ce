package dev.argyle.server.policy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One question for a rule set: this session, this command, this destination. The destination may be a name
 * ({@code host}) with or without its resolved {@code address}, an address alone, or unknown altogether (a UDP
 * association before its first datagram, and every client rule).
 *
 * @param facts        the session
 * @param command      the command, or null on accept
 * @param host         the destination name, lower case without a trailing dot, or null for an address or none
 * @param address      the destination address (given, or resolved from {@code host}), or null when not known
 * @param port         the destination port, or -1 when not known
 * @param ownListeners the addresses this server listens on, for {@code to: listeners}
 */
public record Query(SessionFacts facts, Command command, String host, InetAddress address, int port,
                    List<InetSocketAddress> ownListeners) {
    public Query {
        ownListeners = List.copyOf(ownListeners);
        address = address == null ? null : Addresses.normalize(address);
    }

    /** On accept: no command, no destination. */
    static Query onAccept(SessionFacts facts) {
        return new Query(facts, null, null, null, -1, List.of());
    }

    /**
     * For a request. An IP literal sent as a name (SOCKS4a and ATYP 3 clients do that) is taken as the address
     * it is, so address rules see it.
     *
     * @param destination null when the destination is not known (UDP ASSOCIATE)
     * @param resolved    the address a name resolved to, or null
     */
    public static Query of(SessionFacts facts, Command command, SocksAddress destination, InetAddress resolved,
                    List<InetSocketAddress> ownListeners) {
        if (destination == null) {
            return new Query(facts, command, null, null, -1, ownListeners);
        }
        String host = null;
        InetAddress address = destination.address();
        if (address == null) {
            address = Addresses.literal(destination.host());
            if (address == null) {
                host = HostPattern.normalize(destination.host());
            }
        }
        return new Query(facts, command, host, resolved != null ? resolved : address, destination.port(), ownListeners);
    }

    /** "db.internal:5432 (10.1.2.3)", for log lines. */
    String describeDestination() {
        if (host == null && address == null) {
            return "-";
        }
        String a = address == null ? null : Addresses.format(new InetSocketAddress(address, Math.max(port, 0)));
        return host == null ? a : host + ":" + port + (a == null ? "" : " (" + a + ")");
    }
}
