package dev.argyle.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a small tree in which every key and value remembers its line and column.
 *
 * <p>Why not Jackson's {@code JsonNode}: it drops locations, and every error we report must point at a place in
 * the file. Why not data binding: its exceptions describe Java types, not config keys. So the parser's token stream
 * is walked directly, and {@link Section} turns the tree into records with errors in the file's own terms.
 */
final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    /** A position in the source, 1-based. */
    record Mark(int line, int column) {
        static Mark of(JsonLocation location) {
            return new Mark(location.getLineNr(), location.getColumnNr());
        }
    }

    /** Any value in the tree. */
    sealed interface Node permits MapNode, ListNode, Scalar {
        Mark mark();

        /** "a list", "a mapping", "the text 'x'": for "expected ..., got ..." messages. */
        String describe();
    }

    /** A key with its own position and its value. */
    record Entry(String key, Mark keyMark, Node value) {
    }

    record MapNode(Map<String, Entry> entries, Mark mark) implements Node {
        public String describe() {
            return "a mapping";
        }
    }

    record ListNode(List<Node> items, Mark mark) implements Node {
        public String describe() {
            return "a list";
        }
    }

    /** A scalar as written; {@code token} tells a string from a number, boolean or null. */
    record Scalar(JsonToken token, String text, Mark mark) implements Node {
        /** True for {@code ~}, {@code null} and for nothing at all ({@code key:}), which the parser reports as "". */
        boolean isNull() {
            return token == JsonToken.VALUE_NULL || token == JsonToken.VALUE_STRING && text.isEmpty();
        }

        public String describe() {
            return isNull() ? "nothing" : "'" + text + "'";
        }
    }

    private final String source;
    private final JsonParser parser;

    private YamlTree(String source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /** The document's root, or {@code null} when the text holds no document (empty, or comments only). */
    static Node read(String yaml, String source) throws ConfigException {
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return null;
            }
            YamlTree tree = new YamlTree(source, parser);
            Node root = tree.value();
            if (parser.nextToken() != null) {
                throw tree.error(Mark.of(parser.currentTokenLocation()), "only one YAML document is allowed; remove the second '---'");
            }
            return root;
        } catch (StreamReadException e) {
            JsonLocation where = e.getLocation();
            String problem = "not valid YAML: " + syntaxProblem(e.getOriginalMessage(), yaml, where);
            if (where == null || where.getLineNr() < 1) {
                throw new ConfigException(source + ": " + problem, e);
            }
            throw ConfigException.at(source, where.getLineNr(), where.getColumnNr(), "", problem);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read YAML: " + e.getMessage(), e);
        }
    }

    /**
     * The parser's message is several lines: context, a snippet with a caret, the problem, the snippet again. The
     * unindented lines are the words; keep those, and add the usual fix for a value that starts with '['.
     */
    private static String syntaxProblem(String message, String yaml, JsonLocation where) {
        List<String> words = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
        String text = words.isEmpty() ? message.strip()
                : words.get(words.size() - 1) + (words.size() > 1 ? " (" + words.get(0) + ")" : "");
        if (where != null && where.getLineNr() >= 1) {
            String line = yaml.lines().skip(where.getLineNr() - 1L).findFirst().orElse("");
            if (line.matches(".*:\\s+\\[[^\\]]*\\]:.*")) {
                text += "; a value that starts with '[' is a YAML list, so quote it: \"[::1]:1080\"";
            } else if (line.matches(".*(:|-|\\[|,)\\s*\\*.*")) {
                text += "; a value that starts with '*' is a YAML alias, so quote it: \"*.example.com\"";
            } else if (line.matches(".*\\[.*::.*")) {
                text += "; quote IPv6 addresses in a [...] list: [\"::1\", \"fe80::/10\"]";
            }
        }
        return text;
    }

    /** Reads the value at the current token, leaving the parser on its last token. */
    private Node value() throws IOException, ConfigException {
        Mark mark = Mark.of(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Mark keyMark = Mark.of(parser.currentTokenLocation());
                parser.nextToken();
                Entry previous = entries.put(key, new Entry(key, keyMark, value()));
                if (previous != null) {
                    throw error(keyMark, "key '" + key + "' appears twice (first on line " + previous.keyMark().line() + ")");
                }
            }
            return new MapNode(entries, mark);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(value());
            }
            return new ListNode(items, mark);
        }
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson reports an alias as a string holding the anchor's name, which would read as a baffling value.
            throw error(mark, "YAML aliases (*" + parser.getText() + ") are not supported here; write the value out");
        }
        return new Scalar(token, parser.getText(), mark);
    }

    private ConfigException error(Mark mark, String problem) {
        return ConfigException.at(source, mark.line(), mark.column(), "", problem);
    }
}
