package dev.argyle.server.route;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.observe.Session;
import dev.argyle.server.policy.Query;
import dev.argyle.server.policy.SessionFacts;
import java.util.List;

/** The configured routes in order: the first that matches a request decides; none matching means direct. Thread-safe. */
public final class Router {
    private static final Route DIRECT = Route.direct();
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * The route for a request of {@code session}. A user counts only when a password proved it (a SOCKS4
     * USERID never does), as in the access rules.
     *
     * @param destination DST as the client sent it; null for UDP ASSOCIATE (then only routes without
     *                    {@code to:} and {@code ports:} can match)
     */
    public Route route(Session session, Command command, SocksAddress destination) {
        if (routes.isEmpty()) {
            return DIRECT;
        }
        // In SOCKS5 the session has a user only once its password was checked (a failed check ends it).
        String user = session.version() == 5 ? session.user() : null;
        SessionFacts facts = new SessionFacts(session.listener(), session.listener(), session.client(), user,
                session.groups(), session.version());
        Query q = Query.of(facts, command, destination, null, List.of());
        for (Route r : routes) {
            if (r.matches(q)) {
                return r;
            }
        }
        return DIRECT;
    }
}
