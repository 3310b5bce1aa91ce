package dev.argyle.server.policy;

import dev.argyle.protocol.Command;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One condition of a rule, from one config key. A rule's conditions must all hold; the values within one
 * condition are alternatives ({@code users: [alice, bob]} is alice or bob). Each condition's list is non-empty.
 */
public sealed interface Condition {
    Match test(Query q);

    /** The key as written in the config file. */
    String key();

    /** Whether it can be decided on accept, before the client has said anything (listener and client address). */
    default boolean knownOnAccept() {
        return false;
    }

    /** {@code listener:} the listener as configured, or the address and port the client connected to. */
    record ListenerIs(List<InetSocketAddress> addresses) implements Condition {
        public ListenerIs {
            addresses = nonEmpty(addresses);
        }

        @Override
        public Match test(Query q) {
            SessionFacts f = q.facts();
            return Match.of(addresses.contains(f.listener()) || addresses.contains(f.local()));
        }

        @Override
        public String key() {
            return "listener";
        }

        @Override
        public boolean knownOnAccept() {
            return true;
        }

        @Override
        public String toString() {
            return key() + " " + addresses.stream().map(Addresses::format).collect(Collectors.joining(","));
        }
    }

    /** {@code from:} the client's address. */
    record ClientFrom(List<Source> sources) implements Condition {
        public ClientFrom {
            sources = nonEmpty(sources);
        }

        @Override
        public Match test(Query q) {
            return Match.of(sources.stream().anyMatch(s -> s.matchesClient(q.facts())));
        }

        @Override
        public String key() {
            return "from";
        }

        @Override
        public boolean knownOnAccept() {
            return true;
        }

        @Override
        public String toString() {
            return key() + " " + join(sources);
        }
    }

    /** {@code users:} the authenticated user (never a SOCKS4 USERID). */
    record UserIn(List<String> users) implements Condition {
        public UserIn {
            users = nonEmpty(users);
        }

        @Override
        public Match test(Query q) {
            return Match.of(q.facts().user() != null && users.contains(q.facts().user()));
        }

        @Override
        public String key() {
            return "users";
        }

        @Override
        public String toString() {
            return key() + " " + join(users);
        }
    }

    /** {@code groups:} any of the authenticated user's groups. */
    record GroupIn(List<String> groups) implements Condition {
        public GroupIn {
            groups = nonEmpty(groups);
        }

        @Override
        public Match test(Query q) {
            return Match.of(q.facts().groups().stream().anyMatch(groups::contains));
        }

        @Override
        public String key() {
            return "groups";
        }

        @Override
        public String toString() {
            return key() + " " + join(groups);
        }
    }

    /** {@code version:} 4 (also 4a) or 5. */
    record VersionIn(List<Integer> versions) implements Condition {
        public VersionIn {
            versions = nonEmpty(versions);
        }

        @Override
        public Match test(Query q) {
            return Match.of(versions.contains(q.facts().version()));
        }

        @Override
        public String key() {
            return "version";
        }

        @Override
        public String toString() {
            return key() + " " + join(versions);
        }
    }

    /** {@code commands:} connect, bind, udp. */
    record CommandIn(List<Command> commands) implements Condition {
        public CommandIn {
            commands = nonEmpty(commands);
        }

        @Override
        public Match test(Query q) {
            return Match.of(q.command() != null && commands.contains(q.command()));
        }

        @Override
        public String key() {
            return "commands";
        }

        @Override
        public String toString() {
            return key() + " " + join(commands);
        }
    }

    /** {@code to:} the destination, by address, block, name, wildcard, or this server's own listeners. */
    record DestinationIn(List<Target> targets) implements Condition {
        public DestinationIn {
            targets = nonEmpty(targets);
        }

        @Override
        public Match test(Query q) {
            Match m = Match.NO;
            for (Target t : targets) {
                m = m.or(t.matchesDestination(q));
                if (m == Match.YES) {
                    break;
                }
            }
            return m;
        }

        @Override
        public String key() {
            return "to";
        }

        @Override
        public String toString() {
            return key() + " " + join(targets);
        }
    }

    /** {@code ports:} the destination port. */
    record PortIn(PortRanges ports) implements Condition {
        @Override
        public Match test(Query q) {
            return q.port() < 0 ? Match.MAYBE : Match.of(ports.contains(q.port()));
        }

        @Override
        public String key() {
            return "ports";
        }

        @Override
        public String toString() {
            return key() + " " + ports;
        }
    }

    private static <T> List<T> nonEmpty(List<T> values) {
        List<T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one value");
        }
        return copy;
    }

    private static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
