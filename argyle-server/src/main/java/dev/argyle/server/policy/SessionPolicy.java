package dev.argyle.server.policy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who may use the proxy, and for what: the one way the protocol code asks. Implementations are thread-safe and
 * quick (no I/O on the common path): they are called on event loops.
 */
public interface SessionPolicy {
    /** Passes everything; for tests that are not about policy. */
    SessionPolicy PASS_ALL = new SessionPolicy() {
        @Override
        public Decision admit(SessionFacts client) {
            return Decision.PASS_ALL;
        }

        @Override
        public Decision authorize(SessionFacts session, Command command, SocksAddress destination, InetAddress resolved) {
            return Decision.PASS_ALL;
        }
    };

    /** On accept, before anything is read: may this client talk to the proxy at all? Never undecided. */
    Decision admit(SessionFacts client);

    /**
     * May this session do {@code command} to {@code destination}? Asked first with the request as received
     * ({@code resolved} null), where a name's outcome may still depend on its address (undecided), then for each
     * address a name resolves to, with both known: a name passes only where its address passes too.
     *
     * @param destination DST.ADDR/DST.PORT, or null when there is none yet (UDP ASSOCIATE, whose destinations
     *                    come with each datagram)
     * @param resolved    the address a name resolved to, or null
     */
    Decision authorize(SessionFacts session, Command command, SocksAddress destination, InetAddress resolved);

    /** Told the address of each listening socket once it is bound (for rules about the proxy's own sockets). */
    default void listening(InetSocketAddress bound) {
    }
}
