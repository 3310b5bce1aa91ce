package dev.argyle.server.auth;

import java.nio.charset.StandardCharsets;

/**
 * One line of a users file: blank, a {@code #} comment, or {@code name:hash}. Also the rules for names and
 * passwords, which come from the SOCKS5 username/password sub-negotiation (RFC 1929 section 2): each travels with
 * a one-byte length, so 1..255 bytes.
 *
 * @param name the user name, or {@code null} for a blank or comment line
 * @param hash the encoded hash, or {@code null}
 * @param problem why the line is malformed, or {@code null}
 */
record UsersLine(String name, String hash, String problem) {
    static final int MAX_BYTES = 255;

    static UsersLine parse(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return new UsersLine(null, null, null);
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new UsersLine("", "", "expected NAME:HASH, found no ':'");
        }
        String name = line.substring(0, colon);
        String nameProblem = nameProblem(name);
        return new UsersLine(name, line.substring(colon + 1).strip(), nameProblem);
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
