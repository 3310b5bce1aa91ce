package dev.argyle.server.bind;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may connect to a BIND's listening socket: the addresses DST.ADDR named (one literal, or every address
 * its name resolved to), or anyone when the request named 0.0.0.0 / :: and the configuration allows that.
 * DST.PORT plays no part: the peer's source port is its own choice (as in Dante).
 */
record AllowedPeers(Set<InetAddress> addresses, boolean any) {
    AllowedPeers {
        addresses = Set.copyOf(addresses);
    }

    static AllowedPeers anyPeer() {
        return new AllowedPeers(Set.of(), true);
    }

    static AllowedPeers of(List<InetAddress> addresses) {
        return new AllowedPeers(Set.copyOf(addresses), false);
    }

    boolean allows(InetAddress peer) {
        return any || addresses.contains(peer);
    }

    /** Whether some allowed peer has the same address family as {@code local}, so it could connect to it. */
    boolean sameFamilyAs(InetAddress local) {
        boolean v4 = local instanceof Inet4Address;
        return any || addresses.stream().anyMatch(a -> (a instanceof Inet4Address) == v4);
    }

    @Override
    public String toString() {
        return any ? "any peer"
                : addresses.stream().map(InetAddress::getHostAddress).sorted().collect(Collectors.joining(","));
    }
}
