package dev.argyle.server.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.argyle.server.config.YamlTree.Entry;
import dev.argyle.server.config.YamlTree.ListNode;
import dev.argyle.server.config.YamlTree.MapNode;
import dev.argyle.server.config.YamlTree.Node;
import dev.argyle.server.config.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One mapping of the config file, seen through its key path ({@code timeouts}, {@code listeners[1]}). Reads typed
 * values out of it and turns every mismatch into a {@link ConfigException} at the offending key or value, so the
 * schema in {@link ConfigLoader} stays a plain list of keys and defaults.
 */
final class Section {
    private final String source;
    private final String path;
    private final MapNode map;

    private Section(String source, String path, MapNode map) {
        this.source = source;
        this.path = path;
        this.map = map;
    }

    /** The top level; an absent or null document reads as an empty mapping. */
    static Section root(Node root, String source) throws ConfigException {
        if (root == null || root instanceof Scalar s && s.isNull()) {
            return new Section(source, "", new MapNode(Map.of(), new YamlTree.Mark(1, 1)));
        }
        if (!(root instanceof MapNode m)) {
            throw ConfigException.at(source, root.mark().line(), root.mark().column(), "",
                    "expected a mapping of keys at the top level (such as 'listeners:'), got " + root.describe());
        }
        return new Section(source, "", m);
    }

    /** Refuses any key not in {@code valid}, naming the key, its place, a likely intended key and the valid ones. */
    void allowOnly(List<String> valid) throws ConfigException {
        for (Entry e : map.entries().values()) {
            if (!valid.contains(e.key())) {
                String hint = KeySuggestion.closest(e.key(), valid).map(k -> "did you mean '" + k + "'? ").orElse("");
                throw ConfigException.at(source, e.keyMark().line(), e.keyMark().column(), pathOf(e.key()),
                        "unknown key; " + hint + "valid keys " + (path.isEmpty() ? "at the top level" : "in " + path)
                                + ": " + String.join(", ", valid));
            }
        }
    }

    /** A scalar read by {@code parse}, which throws {@link IllegalArgumentException} with the expected form. */
    <T> Optional<T> scalar(String key, String expected, Function<String, T> parse) throws ConfigException {
        return read(key, expected, parse, false);
    }

    /** Like {@link #scalar}, but an explicit null ({@code key:} or {@code key: ~}) means "not set". */
    <T> Optional<T> nullableScalar(String key, String expected, Function<String, T> parse) throws ConfigException {
        return read(key, expected, parse, true);
    }

    /**
     * Like {@link #scalar}, for a keyword that YAML 1.1 would read as a boolean ({@code off}, {@code on}, {@code no}):
     * the text as written is given to {@code parse}, which refuses what it does not know.
     */
    <T> Optional<T> keyword(String key, String expected, Function<String, T> parse) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!(e.value() instanceof Scalar s) || s.isNull()) {
            throw mismatch(e, expected);
        }
        try {
            return Optional.of(parse.apply(s.text()));
        } catch (IllegalArgumentException ex) {
            throw ConfigException.at(source, s.mark().line(), s.mark().column(), pathOf(key), ex.getMessage());
        }
    }

    Optional<Boolean> bool(String key) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.value() instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return Optional.of(s.token() == JsonToken.VALUE_TRUE);
        }
        throw mismatch(e, "true or false");
    }

    /**
     * One scalar, or a list of scalars, each read by {@code parse}; an error points at the offending item. An empty
     * list is an error: leave the key out instead.
     */
    <T> Optional<List<T>> list(String key, String expected, Function<String, T> parse) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        boolean isList = e.value() instanceof ListNode;
        List<Node> items = isList ? ((ListNode) e.value()).items() : List.of(e.value());
        if (items.isEmpty()) {
            throw mismatch(e, expected + " (at least one; leave the key out to match everything)");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String where = pathOf(key) + (isList ? "[" + i + "]" : "");
            if (!(n instanceof Scalar s) || s.isNull() || s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
                throw ConfigException.at(source, n.mark().line(), n.mark().column(), where, "expected " + expected + ", got " + n.describe());
            }
            try {
                out.add(parse.apply(s.text()));
            } catch (IllegalArgumentException ex) {
                throw ConfigException.at(source, s.mark().line(), s.mark().column(), where, ex.getMessage());
            }
        }
        return Optional.of(out);
    }

    /**
     * A list of lists of scalars ({@code [[a, b], [c]]}), each inner list read like {@link #list}; an error points
     * at the offending item. Empty lists are errors.
     */
    <T> Optional<List<List<T>>> lists(String key, String expected, Function<String, T> parse) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!(e.value() instanceof ListNode outer) || outer.items().isEmpty()) {
            throw mismatch(e, "a non-empty list of lists, such as [[" + expected + ", ...], [...]]");
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < outer.items().size(); i++) {
            Node n = outer.items().get(i);
            String where = pathOf(key) + "[" + i + "]";
            if (!(n instanceof ListNode inner) || inner.items().isEmpty()) {
                throw ConfigException.at(source, n.mark().line(), n.mark().column(), where,
                        "expected a non-empty list of " + expected + ", got " + n.describe());
            }
            List<T> row = new ArrayList<>();
            for (int j = 0; j < inner.items().size(); j++) {
                Node item = inner.items().get(j);
                if (!(item instanceof Scalar sc) || sc.isNull()) {
                    throw ConfigException.at(source, item.mark().line(), item.mark().column(), where + "[" + j + "]",
                            "expected " + expected + ", got " + item.describe());
                }
                try {
                    row.add(parse.apply(sc.text()));
                } catch (IllegalArgumentException ex) {
                    throw ConfigException.at(source, sc.mark().line(), sc.mark().column(), where + "[" + j + "]",
                            ex.getMessage());
                }
            }
            out.add(row);
        }
        return Optional.of(out);
    }

    /** A nested mapping; a null value reads as an empty one, so a section whose keys are all commented out is fine. */
    Optional<Section> section(String key, List<String> keysForMessage) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(asSection(e.value(), pathOf(key), "a mapping with keys " + String.join(", ", keysForMessage)));
    }

    /**
     * A mapping whose keys are names the config chooses (user names, say) rather than schema keys, each holding a
     * nested mapping with the path {@code key.name}; in file order. Null reads as "not set".
     */
    Optional<Map<String, Section>> namedSections(String key, List<String> keysForMessage) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null || e.value() instanceof Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (!(e.value() instanceof MapNode m)) {
            throw mismatch(e, "a mapping of names, each with keys " + String.join(", ", keysForMessage));
        }
        Map<String, Section> out = new java.util.LinkedHashMap<>();
        for (Entry named : m.entries().values()) {
            out.put(named.key(), asSection(named.value(), pathOf(key) + "." + named.key(),
                    "a mapping with keys " + String.join(", ", keysForMessage)));
        }
        return Optional.of(out);
    }

    /** A list of mappings, each with the path {@code key[i]}; null reads as "not set". */
    Optional<List<Section>> sections(String key, List<String> keysForMessage) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null || e.value() instanceof Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (!(e.value() instanceof ListNode list)) {
            throw mismatch(e, "a list of entries, each starting with '- '");
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            out.add(asSection(list.items().get(i), pathOf(key) + "[" + i + "]", "a mapping with keys " + String.join(", ", keysForMessage)));
        }
        return Optional.of(out);
    }

    /** An error placed at {@code key}'s value, or at this section itself when the key is absent. */
    ConfigException error(String key, String problem) {
        Entry e = map.entries().get(key);
        YamlTree.Mark mark = e == null ? map.mark() : e.value().mark();
        return ConfigException.at(source, mark.line(), mark.column(), e == null ? path : pathOf(key), problem);
    }

    private <T> Optional<T> read(String key, String expected, Function<String, T> parse, boolean nullable) throws ConfigException {
        Entry e = map.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!(e.value() instanceof Scalar s) || s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
            throw mismatch(e, expected);
        }
        if (s.isNull()) {
            if (nullable) {
                return Optional.empty();
            }
            throw mismatch(e, expected);
        }
        try {
            return Optional.of(parse.apply(s.text()));
        } catch (IllegalArgumentException ex) {
            throw ConfigException.at(source, s.mark().line(), s.mark().column(), pathOf(key), ex.getMessage());
        }
    }

    private Section asSection(Node node, String nodePath, String expected) throws ConfigException {
        if (node instanceof MapNode m) {
            return new Section(source, nodePath, m);
        }
        if (node instanceof Scalar s && s.isNull()) {
            return new Section(source, nodePath, new MapNode(Map.of(), s.mark()));
        }
        throw ConfigException.at(source, node.mark().line(), node.mark().column(), nodePath,
                "expected " + expected + ", got " + node.describe());
    }

    private ConfigException mismatch(Entry e, String expected) {
        Node v = e.value();
        String hint = v instanceof ListNode && e.key().equals("listen") ? " (quote IPv6 addresses: listen: \"[::1]:1080\")" : "";
        return ConfigException.at(source, v.mark().line(), v.mark().column(), pathOf(e.key()),
                "expected " + expected + ", got " + v.describe() + hint);
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
