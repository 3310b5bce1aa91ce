package dev.argyle.server.policy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.observe.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of the policy: builds what the rules need to know from the session as it progresses, asks
 * the {@link SessionPolicy}, records the deciding rule in the {@link Session} (for the access log's
 * {@code rule=}) and writes the {@code argyle.rules} line of rules with {@code log: true}. Confined to the
 * session's event loop.
 *
 * <p>A session may be decided several times: on accept, then for its request (each address of a name, each
 * UDP destination). The rule recorded is the client rule until a request rule decides something; then the
 * first request rule that passed something, else the first that blocked something.
 */
public final class SessionGate {
    /** Decisions of rules with {@code log: true}. */
    public static final String LOGGER = "argyle.rules";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final SessionPolicy policy;
    private final InetSocketAddress listener;
    private final Session session;
    private String user;
    private List<String> groups = List.of();
    private boolean requestRecorded;
    private boolean passRecorded;

    /** @param listener the listener's configured address */
    public SessionGate(SessionPolicy policy, InetSocketAddress listener, Session session) {
        this.policy = policy;
        this.listener = listener;
        this.session = session;
    }

    /** The client rules, on accept. */
    public Decision admit() {
        Decision d = policy.admit(SessionFacts.onAccept(listener, session.listener(), session.client()));
        if (d.rule() != null) {
            session.rule(d.rule());
        }
        logIfAsked(d, null, null, null);
        return d;
    }

    /** A password proved who the client is; from now on user and group rules can match. */
    public void authenticated(String name, List<String> userGroups) {
        this.user = name;
        this.groups = List.copyOf(userGroups);
        session.groups(this.groups);
        session.authenticated(true);
    }

    /**
     * The request as received, before anything is resolved. For UDP ASSOCIATE DST.ADDR is the client's own
     * address, not a destination, so only what does not depend on destinations can be decided here.
     */
    public Decision request(Command command, SocksAddress destination) {
        return check(command, Command.UDP_ASSOCIATE.equals(command) ? null : destination, null);
    }

    /** One destination of the session's command, with the address it resolved to (or its own, for a literal). */
    public Decision authorize(SocksAddress destination, InetAddress address) {
        return check(session.command(), destination, address);
    }

    private Decision check(Command command, SocksAddress destination, InetAddress address) {
        SessionFacts facts = new SessionFacts(listener, session.listener(), session.client(), user, groups,
                session.version());
        Decision d = policy.authorize(facts, command, destination, address);
        record(d, command, destination, address);
        return d;
    }

    private void record(Decision d, Command command, SocksAddress destination, InetAddress address) {
        if (!d.decided() || d.rule() == null) {
            return;
        }
        if (!requestRecorded || d.passed() && !passRecorded) {
            session.rule(d.rule());
            requestRecorded = true;
            passRecorded = d.passed();
        }
        logIfAsked(d, command, destination, address);
    }

    private void logIfAsked(Decision d, Command command, SocksAddress destination, InetAddress address) {
        if (d.log() && log.isInfoEnabled()) {
            log.info("session {}: {}; client={} user={} cmd={} dst={}{}", session.id(), d.reason(),
                    Addresses.format(session.client()), user == null ? "-" : user,
                    command == null ? "-" : command.label(), destination == null ? "-" : destination,
                    address == null ? "" : " address=" + Addresses.format(address));
        }
    }
}
