package dev.argyle.server.policy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Short builders for rule tests: sessions and destinations from text. */
final class Facts {
    static final InetSocketAddress LISTENER = addr("127.0.0.1", 1080);

    private Facts() {
    }

    static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip(ip), port);
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text); // tests pass literals only
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A SOCKS5 session from {@code client} on the loopback listener, with an optional user and groups. */
    static SessionFacts session(String client, String user, String... groups) {
        return new SessionFacts(LISTENER, LISTENER, addr(client, 40000), user, List.of(groups), 5);
    }

    static SessionFacts session(String client) {
        return session(client, null);
    }

    /** "10.1.2.3:80", "[::1]:80" or "name.test:80": an address, or a name with no address. */
    static SocksAddress dst(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (host.startsWith("[")) {
            return SocksAddress.of(ip(host.substring(1, host.length() - 1)), port);
        }
        return host.matches("[0-9.]+") ? SocksAddress.of(ip(host), port) : SocksAddress.domain(host, port);
    }

    static Query query(SessionFacts facts, Command command, String destination, String resolved) {
        return Query.of(facts, command, destination == null ? null : dst(destination),
                resolved == null ? null : ip(resolved), List.of(LISTENER));
    }
}
