package dev.argyle.server.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A destination host name: exact ({@code db.internal}) or a wildcard for every name under a domain
 * ({@code *.example.com} matches {@code a.example.com} and {@code a.b.example.com}, not {@code example.com}).
 * Case does not matter, and a trailing dot (the fully qualified form) is ignored on both sides.
 *
 * <p>A name pattern matches names only: a request for an IP address never matches it, and after resolution
 * it still looks at the name, never at the address (block an address with an address rule).
 *
 * @param pattern lower case, without a trailing dot; starts with {@code "*."} for a wildcard
 */
public record HostPattern(String pattern) implements Target {
    private static final Pattern LABELS = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*");

    public HostPattern {
        String rest = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (!LABELS.matcher(rest).matches() || rest.length() > 253) {
            throw new IllegalArgumentException("'" + pattern + "' is not a host name or a wildcard such as *.example.com");
        }
    }

    /** @throws IllegalArgumentException for anything but a host name or {@code *.}domain */
    public static HostPattern parse(String text) {
        String t = normalize(text.strip());
        if (t.equals("*")) {
            throw new IllegalArgumentException("'*' alone is not a pattern; to match every destination, leave 'to' out");
        }
        return new HostPattern(t);
    }

    public boolean isWildcard() {
        return pattern.startsWith("*.");
    }

    /** Whether the name {@code host} matches. */
    public boolean matches(String host) {
        String h = normalize(host);
        if (isWildcard()) {
            String suffix = pattern.substring(1); // ".example.com"
            return h.length() > suffix.length() && h.endsWith(suffix);
        }
        return h.equals(pattern);
    }

    @Override
    public Match matchesDestination(Query q) {
        if (q.host() != null) {
            return Match.of(matches(q.host()));
        }
        return q.address() == null ? Match.MAYBE : Match.NO; // an address request never matches a name
    }

    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
