package dev.argyle.server.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Locale;

/** One entry of a rule's {@code to:} list: where the request goes. */
public sealed interface Target permits Cidr, HostPattern, Target.OwnListeners {
    /** The keyword for {@link OwnListeners}. */
    String LISTENERS = "listeners";

    /** Yes or no, or maybe when it depends on what is not known yet (the address of an unresolved name). */
    Match matchesDestination(Query q);

    /**
     * An address or block ({@code 10.0.0.0/8}), a host name ({@code db.internal}), a wildcard
     * ({@code *.example.com}), or {@code listeners}. A host literally named "listeners" is written with a
     * trailing dot: {@code listeners.}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static Target parse(String text) {
        String t = text.strip();
        if (t.toLowerCase(Locale.ROOT).equals(LISTENERS)) {
            return new OwnListeners();
        }
        return Addresses.looksNumeric(t) ? Cidr.parse(t) : HostPattern.parse(t);
    }

    /**
     * This server's own listening sockets (a request for one would make the proxy connect to itself, a loop).
     * A listener on {@code 0.0.0.0} or {@code [::]} counts as its port on every address of this host.
     */
    record OwnListeners() implements Target {
        @Override
        public Match matchesDestination(Query q) {
            if (q.address() == null || q.port() < 0) {
                return Match.MAYBE;
            }
            InetAddress a = q.address();
            for (InetSocketAddress l : q.ownListeners()) {
                if (l.getPort() != q.port() || l.getAddress() == null) {
                    continue;
                }
                InetAddress la = Addresses.normalize(l.getAddress());
                if (la.equals(a) || la.isAnyLocalAddress() && isLocal(a)) {
                    return Match.YES;
                }
            }
            return Match.NO;
        }

        /** Loopback, or an address of one of this host's interfaces (looked up only when a listener's port matches). */
        private static boolean isLocal(InetAddress a) {
            if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                return true;
            }
            try {
                return NetworkInterface.getByInetAddress(a) != null;
            } catch (SocketException e) {
                return true; // cannot tell: err on the side of no loop
            }
        }

        @Override
        public String toString() {
            return LISTENERS;
        }
    }
}
