package dev.argyle.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a users file: blank, a {@code #} comment, or {@code name:hash}, optionally followed by
 * {@code :group1,group2} (the groups that access rules can name; lines without them are still valid). Also the rules for names and
 * passwords, which come from the SOCKS5 username/password sub-negotiation (RFC 1929 section 2): each travels with
 * a one-byte length, so 1..255 bytes.
 *
 * @param name the user name, or {@code null} for a blank or comment line
 * @param hash the encoded hash, or {@code null}
 * @param groups the user's groups, in the order written; empty when none
 * @param problem why the line is malformed, or {@code null}
 */
record UsersLine(String name, String hash, List<String> groups, String problem) {
    static final int MAX_BYTES = 255;

    static UsersLine parse(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return new UsersLine(null, null, List.of(), null);
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new UsersLine("", "", List.of(), "expected NAME:HASH, found no ':'");
        }
        String name = line.substring(0, colon);
        String rest = line.substring(colon + 1);
        int second = rest.indexOf(':'); // a hash never holds ':' (its parts are base64 and '$')
        List<String> groups = new ArrayList<>();
        String problem = nameProblem(name);
        if (second >= 0) {
            for (String g : rest.substring(second + 1).split(",")) {
                String group = g.strip();
                if (!group.isEmpty()) {
                    groups.add(group);
                }
                if (problem == null && !group.isEmpty() && !isGroupName(group)) {
                    problem = "group name '" + group + "' must not contain spaces or ':'";
                }
            }
            rest = rest.substring(0, second);
        }
        return new UsersLine(name, rest.strip(), List.copyOf(groups), problem);
    }

    /** {@code name:hash} or {@code name:hash:g1,g2}. */
    static String format(String name, String hash, List<String> groups) {
        return name + ":" + hash + (groups.isEmpty() ? "" : ":" + String.join(",", groups));
    }

    /** A group name: 1 or more characters, none of them a space, ':' or ','. */
    static boolean isGroupName(String group) {
        return !group.isEmpty() && group.chars().noneMatch(c -> Character.isWhitespace(c) || c == ':' || c == ',');
    }

    boolean isBlankOrComment() {
        return name == null && problem == null;
    }

    /** The name of the user this line defines, or {@code null}. Never throws: malformed lines are kept as they are. */
    static String userOf(String raw) {
        UsersLine l = parse(raw);
        return l.problem() == null ? l.name() : null;
    }

    static void checkName(String name) {
        String problem = name == null ? "user name is missing" : nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    static void checkPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        int bytes = utf8Length(password);
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("the password is " + bytes + " bytes; SOCKS5 carries at most " + MAX_BYTES);
        }
    }

    /** Counted by hand rather than by encoding, which would leave a copy of the password in a buffer. */
    private static int utf8Length(char[] chars) {
        int bytes = 0;
        for (char c : chars) {
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
        return bytes;
    }

    private static String nameProblem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_BYTES) {
            return "user name must be 1 to " + MAX_BYTES + " bytes of UTF-8, got " + bytes;
        }
        if (name.indexOf(':') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            return "user name must not contain ':' or a line break";
        }
        if (!name.equals(name.strip()) || name.startsWith("#")) {
            return "user name must not start with '#' or start or end with spaces";
        }
        return null;
    }
}
