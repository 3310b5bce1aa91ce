package dev.argyle.server.config;

import dev.argyle.protocol.Command;
import dev.argyle.server.policy.AccessRules;
import dev.argyle.server.policy.Action;
import dev.argyle.server.policy.Condition;
import dev.argyle.server.policy.PortRanges;
import dev.argyle.server.policy.Rule;
import dev.argyle.server.policy.RuleSet;
import dev.argyle.server.policy.Source;
import dev.argyle.server.policy.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code rules:} section: {@code clients:} and {@code requests:}, each a list of rules. A list that is
 * left out keeps the built-in default; a list that is given replaces it (an empty one is an error, since it
 * would block everything). The keys each rule may hold are in {@link ConfigLoader#CLIENT_RULE} and
 * {@link ConfigLoader#REQUEST_RULE}; client rules are checked before the client has sent anything, so they may
 * match only the listener and the client's address.
 */
final class RulesLoader {
    private RulesLoader() {
    }

    static AccessRules read(Section top, AccessRules d) throws ConfigException {
        Optional<Section> section = top.section("rules", ConfigLoader.RULES);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(ConfigLoader.RULES);
        return new AccessRules(
                list(s, RuleSet.Stage.CLIENTS, ConfigLoader.CLIENT_RULE).orElse(d.clients()),
                list(s, RuleSet.Stage.REQUESTS, ConfigLoader.REQUEST_RULE).orElse(d.requests()));
    }

    private static Optional<RuleSet> list(Section s, RuleSet.Stage stage, List<String> keys) throws ConfigException {
        Optional<List<Section>> entries = s.sections(stage.key(), keys);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        if (entries.get().isEmpty()) {
            throw s.error(stage.key(), "expected at least one rule; remove the key to use the default "
                    + stage.key() + " rules (see docs/rules.md)");
        }
        List<Rule> rules = new ArrayList<>();
        for (Section r : entries.get()) {
            r.allowOnly(keys);
            rules.add(rule(r));
        }
        return Optional.of(new RuleSet(stage, rules));
    }

    private static Rule rule(Section r) throws ConfigException {
        Action action = r.scalar("action", "pass or block", Action::parse)
                .orElseThrow(() -> r.error("action", "every rule needs 'action: pass' or 'action: block'"));
        String name = r.scalar("name", "a label of letters, digits and . _ : @ / + -", RulesLoader::name).orElse(null);
        boolean log = r.bool("log").orElse(false);
        List<Condition> c = new ArrayList<>();
        r.list("listener", "HOST:PORT such as 127.0.0.1:1080", HostPort::parse)
                .ifPresent(v -> c.add(new Condition.ListenerIs(v)));
        r.list("from", "an IP address, a block such as 10.0.0.0/8, or " + Source.LISTENER_NETWORK, Source::parse)
                .ifPresent(v -> c.add(new Condition.ClientFrom(v)));
        r.list("users", "user names", RulesLoader::word).ifPresent(v -> c.add(new Condition.UserIn(v)));
        r.list("groups", "group names", RulesLoader::word).ifPresent(v -> c.add(new Condition.GroupIn(v)));
        r.list("version", "4 or 5", RulesLoader::version).ifPresent(v -> c.add(new Condition.VersionIn(v)));
        r.list("commands", "connect, bind or udp", RulesLoader::command).ifPresent(v -> c.add(new Condition.CommandIn(v)));
        r.list("to", "an IP address, a block, a host name, a wildcard such as \"*.example.com\", or "
                + Target.LISTENERS, Target::parse).ifPresent(v -> c.add(new Condition.DestinationIn(v)));
        r.list("ports", "ports and ranges such as 80,443,8000-8999", PortRanges::parse).ifPresent(v -> c.add(
                new Condition.PortIn(new PortRanges(v.stream().flatMap(p -> p.ranges().stream()).toList()))));
        return new Rule(name, action, log, c);
    }

    static String name(String text) {
        if (!text.matches("[A-Za-z0-9._:@/+-]{1,64}")) {
            throw new IllegalArgumentException("a rule name is 1-64 letters, digits and . _ : @ / + -, got '" + text + "'");
        }
        return text;
    }

    static String word(String text) {
        if (text.isBlank() || !text.equals(text.strip())) {
            throw new IllegalArgumentException("expected a name without surrounding spaces, got '" + text + "'");
        }
        return text;
    }

    private static Integer version(String text) {
        return switch (text.strip()) {
            case "4" -> 4;
            case "5" -> 5;
            default -> throw new IllegalArgumentException("expected 4 (SOCKS4 and 4a) or 5, got '" + text + "'");
        };
    }

    static Command command(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "connect" -> Command.CONNECT;
            case "bind" -> Command.BIND;
            case "udp" -> Command.UDP_ASSOCIATE;
            default -> throw new IllegalArgumentException("expected connect, bind or udp, got '" + text + "'");
        };
    }
}
