package dev.argyle.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users allowed on password listeners, read from a text file with one {@code name:hash} line per user
 * ({@code hash} as made by {@link PasswordHasher}), or {@code name:hash:group1,group2} for a user in groups
 * (which access rules can name); {@code #} starts a comment line, blank lines are ignored.
 * Immutable once loaded, so safe to share between threads; reload by loading again.
 *
 * <p>Never holds or prints a password, and its {@code toString()} shows only the path and the user count.
 */
public final class UsersFile {
    private final Path path;
    private final Map<String, String> hashes;
    private final Map<String, List<String>> groups;

    private UsersFile(Path path, Map<String, String> hashes, Map<String, List<String>> groups) {
        this.path = path;
        this.hashes = Collections.unmodifiableMap(hashes);
        this.groups = Collections.unmodifiableMap(groups);
    }

    /**
     * @throws IOException if the file cannot be read, or naming the file and line of the first malformed line
     *                     (without echoing the line, which might be a password pasted by mistake)
     */
    public static UsersFile load(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        Map<String, String> hashes = new HashMap<>();
        Map<String, List<String>> groups = new HashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            UsersLine line = UsersLine.parse(lines.get(i));
            if (line.isBlankOrComment()) {
                continue;
            }
            String problem = line.problem();
            if (problem == null && !PasswordHasher.isWellFormed(line.hash())) {
                problem = "the hash is not in the form pbkdf2-sha256$ITERATIONS$SALT$HASH (make it with 'argyle passwd')";
            }
            if (problem == null && firstLine.containsKey(line.name())) {
                problem = "user '" + line.name() + "' is already defined on line " + firstLine.get(line.name());
            }
            if (problem != null) {
                throw new IOException("users file " + p + ", line " + (i + 1) + ": " + problem);
            }
            hashes.put(line.name(), line.hash());
            groups.put(line.name(), line.groups());
            firstLine.put(line.name(), i + 1);
        }
        return new UsersFile(p, hashes, groups);
    }

    /**
     * Whether {@code user} exists and {@code password} is theirs. Takes about as long for an unknown user as for a
     * known one (a hash is computed against a dummy), so response time does not reveal which names exist.
     * Slow by design: do not call on an event loop.
     */
    public boolean verify(String user, char[] password) {
        String encoded = user == null ? null : hashes.get(user);
        if (encoded == null) {
            PasswordHasher.verify(password == null ? new char[0] : password, Dummy.HASH);
            return false;
        }
        return PasswordHasher.verify(password, encoded);
    }

    /** The groups of {@code user} as listed in the file; empty for a user without groups or an unknown one. */
    public List<String> groups(String user) {
        return user == null ? List.of() : groups.getOrDefault(user, List.of());
    }

    /** The number of users. */
    public int size() {
        return hashes.size();
    }

    /**
     * Adds {@code user} with a new hash of {@code password}, or replaces their hash, keeping every other line and
     * comment as it was. Creates the file (mode 0600) if needed. See {@link UsersFileWriter} for how the write is
     * made atomic.
     *
     * @throws IllegalArgumentException if the name or password cannot be used over SOCKS5
     */
    public static void setPassword(Path p, String user, char[] password) throws IOException {
        setPassword(p, user, password, null);
    }

    /**
     * As {@link #setPassword(Path, String, char[])}, and sets the user's groups; {@code null} keeps the groups
     * the user had (none for a new user), an empty list removes them.
     *
     * @throws IllegalArgumentException also for a group name with a space, ':' or ','
     */
    public static void setPassword(Path p, String user, char[] password, List<String> groups) throws IOException {
        UsersLine.checkName(user);
        UsersLine.checkPassword(password);
        if (groups != null) {
            checkGroups(groups);
        }
        UsersFileWriter.replaceUser(p, user, PasswordHasher.hash(password), groups);
    }

    /**
     * Checks that {@code user} can be stored in the file and sent over SOCKS5: 1..255 bytes of UTF-8, no ':' or line
     * break, no leading '#' or surrounding spaces (which the file format would misread).
     *
     * @throws IllegalArgumentException saying which rule is broken
     */
    public static void checkName(String user) {
        UsersLine.checkName(user);
    }

    /** @throws IllegalArgumentException for a group name that is empty or has a space, ':' or ',' */
    public static void checkGroups(List<String> groups) {
        groups.stream().filter(g -> !UsersLine.isGroupName(g)).findFirst().ifPresent(g -> {
            throw new IllegalArgumentException("group name '" + g + "' must be non-empty, without spaces, ':' or ','");
        });
    }

    @Override
    public String toString() {
        return "UsersFile[" + path + ", " + hashes.size() + " users]";
    }

    /** Built on first use of an unknown name: a hash with the default cost, whose password nobody knows. */
    private static final class Dummy {
        static final String HASH = PasswordHasher.hash(Long.toString(new java.security.SecureRandom().nextLong()).toCharArray());
    }
}
