package dev.argyle.server.config;

import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.server.policy.Condition;
import dev.argyle.server.policy.PortRanges;
import dev.argyle.server.policy.Source;
import dev.argyle.server.policy.Target;
import dev.argyle.server.route.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code routes:}, a list of routes tried in order. Each matches like a request rule ({@code to},
 * {@code ports}, {@code users}, {@code groups}, {@code commands}, {@code from}) and has exactly one action:
 * {@code direct: true}, {@code via:} (one chain of hop URIs) or {@code chains:} (alternative chains, tried in
 * order). The keys are {@link ConfigLoader#ROUTE}. Hop URIs are parsed by {@link ProxyUri}, whose errors never
 * show the password.
 */
final class RoutesLoader {
    private static final String HOP = "a proxy URI such as socks5h://user:password@proxy.example:1080";

    private RoutesLoader() {
    }

    static List<Route> read(Section top) throws ConfigException {
        Optional<List<Section>> entries = top.sections("routes", ConfigLoader.ROUTE);
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < entries.get().size(); i++) {
            Section r = entries.get().get(i);
            r.allowOnly(ConfigLoader.ROUTE);
            routes.add(route(r, i));
        }
        return routes;
    }

    private static Route route(Section r, int index) throws ConfigException {
        String name = r.scalar("name", "a label of letters, digits and . _ : @ / + -", RulesLoader::name)
                .orElse("routes#" + (index + 1));
        List<Condition> c = new ArrayList<>();
        r.list("from", "an IP address, a block such as 10.0.0.0/8, or " + Source.LISTENER_NETWORK, Source::parse)
                .ifPresent(v -> c.add(new Condition.ClientFrom(v)));
        r.list("users", "user names", RulesLoader::word).ifPresent(v -> c.add(new Condition.UserIn(v)));
        r.list("groups", "group names", RulesLoader::word).ifPresent(v -> c.add(new Condition.GroupIn(v)));
        r.list("commands", "connect, bind or udp", RulesLoader::command).ifPresent(v -> c.add(new Condition.CommandIn(v)));
        r.list("to", "an IP address, a block, a host name or a wildcard such as \"*.example.com\"", RoutesLoader::target)
                .ifPresent(v -> c.add(new Condition.DestinationIn(v)));
        r.list("ports", "ports and ranges such as 80,443,8000-8999", PortRanges::parse).ifPresent(v -> c.add(
                new Condition.PortIn(new PortRanges(v.stream().flatMap(p -> p.ranges().stream()).toList()))));
        Optional<List<ProxyUri>> via = r.list("via", HOP, RoutesLoader::hop);
        Optional<List<List<ProxyUri>>> chains = r.lists("chains", HOP, RoutesLoader::hop);
        Optional<Boolean> direct = r.bool("direct");
        int actions = (via.isPresent() ? 1 : 0) + (chains.isPresent() ? 1 : 0) + (direct.isPresent() ? 1 : 0);
        if (actions != 1) {
            throw r.error(actions == 0 ? "via" : "direct", "a route needs exactly one of 'via:' (one chain), "
                    + "'chains:' (alternatives, tried in order) or 'direct: true'");
        }
        if (direct.isPresent() && !direct.get()) {
            throw r.error("direct", "'direct: false' means nothing; write 'via:' or 'chains:' instead");
        }
        Duration timeout = r.scalar("hop-connect-timeout", "a duration such as 500ms, 5s or 1m", DurationParser::parse)
                .orElse(Route.DEFAULT_HOP_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw r.error("hop-connect-timeout", "must be longer than 0");
        }
        List<List<ProxyUri>> action = via.map(List::of).orElseGet(() -> chains.orElse(List.of()));
        return new Route(name, c, action, timeout);
    }

    private static Target target(String text) {
        Target t = Target.parse(text);
        if (t instanceof Target.OwnListeners) {
            throw new IllegalArgumentException("'" + Target.LISTENERS + "' is for access rules, not routes");
        }
        return t;
    }

    /**
     * A hop URI; GSS-API and TLS hops are for the client library, the server's upstream connector speaks neither
     * (a socks5+tls hop would otherwise get plain SOCKS5).
     */
    private static ProxyUri hop(String text) {
        ProxyUri uri = ProxyUri.parse(text);
        if (uri.scheme().gssapi() || uri.scheme().tls()) {
            throw new IllegalArgumentException(uri.scheme().text() + " hops are not supported in server routes yet");
        }
        return uri;
    }
}
