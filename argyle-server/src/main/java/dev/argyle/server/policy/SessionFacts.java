package dev.argyle.server.policy;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What is known about a session when a rule is checked. At accept only the addresses are known (user null,
 * no groups, version 0); a request adds the rest.
 *
 * @param listener the listener's address as configured ({@code 0.0.0.0:1080}, or port 0 for an ephemeral one)
 * @param local    the address and port the client connected to (on a wildcard listener, a concrete address)
 * @param client   the client's address and port
 * @param user     the user name, only when a password proved it (SOCKS5 username/password); else null. A SOCKS4
 *                 USERID is the client's unverified claim and never counts as a user here
 * @param groups   the authenticated user's groups from the users file; empty otherwise
 * @param version  4 or 5; 0 before the first byte is read
 */
public record SessionFacts(InetSocketAddress listener, InetSocketAddress local, InetSocketAddress client,
                           String user, List<String> groups, int version) {
    public SessionFacts {
        groups = List.copyOf(groups);
    }

    /** What is known on accept. */
    public static SessionFacts onAccept(InetSocketAddress listener, InetSocketAddress local, InetSocketAddress client) {
        return new SessionFacts(listener, local, client, null, List.of(), 0);
    }
}
