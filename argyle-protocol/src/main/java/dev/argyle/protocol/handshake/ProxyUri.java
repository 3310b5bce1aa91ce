package dev.argyle.protocol.handshake;

import dev.argyle.protocol.SocksAddress;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One hop of a chain in its public notation: {@code scheme://[user[:password]@]host[:port]}.
 *
 * <table>
 * <caption>Schemes</caption>
 * <tr><th>scheme</th><th>protocol</th><th>destination names are resolved</th></tr>
 * <tr><td>{@code socks4}</td><td>SOCKS4</td><td>here (IPv4 only)</td></tr>
 * <tr><td>{@code socks4a}</td><td>SOCKS4a</td><td>by the proxy</td></tr>
 * <tr><td>{@code socks5}</td><td>SOCKS5 (RFC 1928)</td><td>here</td></tr>
 * <tr><td>{@code socks5h}</td><td>SOCKS5</td><td>by the proxy (ATYP 3)</td></tr>
 * </table>
 *
 * The port defaults to 1080. An IPv6 host goes in brackets. User and password are percent-decoded
 * (RFC 3986), so {@code %40} is an '@' and {@code %3A} a ':'; SOCKS5 sends them as UTF-8 (RFC 1929, at most
 * 255 bytes each). SOCKS4 has a user id but no password. No path, query or fragment.
 *
 * <p>Immutable and thread-safe. {@link #toString()} and every error message leave the password out; only
 * {@link #toUriString()} includes it.
 */
public final class ProxyUri {
    /** The default SOCKS port (RFC 1928 section 3). */
    public static final int DEFAULT_PORT = 1080;

    /** The four hop types. */
    public enum Scheme {
        SOCKS4("socks4", false),
        SOCKS4A("socks4a", true),
        SOCKS5("socks5", false),
        SOCKS5H("socks5h", true),
        /** SOCKS5 with GSS-API/Kerberos authentication and message protection (RFC 1961). */
        SOCKS5_GSSAPI("socks5+gssapi", false),
        /** As {@link #SOCKS5_GSSAPI}, with destination names resolved by the proxy. */
        SOCKS5H_GSSAPI("socks5h+gssapi", true),
        /** SOCKS5 inside TLS (the proxy's listener speaks TLS first, as 3proxy's, gost's and Argyle's TLS listeners). */
        SOCKS5_TLS("socks5+tls", false),
        /** As {@link #SOCKS5_TLS}, with destination names resolved by the proxy. */
        SOCKS5H_TLS("socks5h+tls", true);

        private final String text;
        private final boolean proxyResolves;

        Scheme(String text, boolean proxyResolves) {
            this.text = text;
            this.proxyResolves = proxyResolves;
        }

        /** The scheme as written in URIs. */
        public String text() {
            return text;
        }

        /** True for socks5 and socks5h, plain, with GSS-API or inside TLS. */
        public boolean isSocks5() {
            return this == SOCKS5 || this == SOCKS5H || gssapi() || tls();
        }

        /** True for socks5+gssapi and socks5h+gssapi: the hop authenticates with GSS-API (RFC 1961). */
        public boolean gssapi() {
            return this == SOCKS5_GSSAPI || this == SOCKS5H_GSSAPI;
        }

        /** True for socks5+tls and socks5h+tls: the client opens TLS to the hop before its SOCKS5 greeting. */
        public boolean tls() {
            return this == SOCKS5_TLS || this == SOCKS5H_TLS;
        }

        /** True when destination names are sent to the proxy (socks4a, socks5h) rather than resolved here. */
        public boolean proxyResolves() {
            return proxyResolves;
        }

        static Scheme parse(String s) {
            for (Scheme scheme : values()) {
                if (scheme.text.equalsIgnoreCase(s)) {
                    return scheme;
                }
            }
            return null;
        }
    }

    private final Scheme scheme;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private ProxyUri(Scheme scheme, String host, int port, String user, String password) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.host = HostText.check(host);
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        this.port = port;
        this.user = user;
        this.password = password;
        checkCredentials();
    }

    /** A hop without credentials. */
    public static ProxyUri of(Scheme scheme, String host, int port) {
        return new ProxyUri(scheme, host, port, null, null);
    }

    /**
     * Parses the URI notation.
     *
     * @throws IllegalArgumentException saying what is wrong; the message never contains the password
     */
    public static ProxyUri parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw bad(s, "expected scheme://host[:port], e.g. socks5h://proxy.example:1080");
        }
        Scheme scheme = Scheme.parse(s.substring(0, sep));
        if (scheme == null) {
            throw bad(s, "unknown scheme '" + s.substring(0, sep) + "'; expected socks4, socks4a, socks5, socks5h, socks5+gssapi, socks5h+gssapi, socks5+tls or socks5h+tls");
        }
        String rest = s.substring(sep + 3);
        int end = indexOfAny(rest, "/?#");
        if (end >= 0) {
            if (!rest.substring(end).equals("/")) {
                throw bad(s, "a proxy URI has no path, query or fragment");
            }
            rest = rest.substring(0, end);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            user = decode(rawUser, s, "user");
            password = colon >= 0 ? decode(userInfo.substring(colon + 1), s, "password") : null;
            if (user.isEmpty()) {
                throw bad(s, "empty user name before '@'");
            }
        }
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(s, "'[' without ']' around an IPv6 address");
            }
            host = rest.substring(1, close);
            if (HostText.ipv6(host) == null) {
                throw bad(s, "'" + host + "' in brackets is not an IPv6 address");
            }
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(s, "expected ':port' after ']'");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw bad(s, "an IPv6 address goes in brackets: socks5://[::1]:1080");
            }
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw bad(s, "no host");
        }
        int port = portText == null ? DEFAULT_PORT : parsePort(portText, s);
        try {
            return new ProxyUri(scheme, host, port, user, password);
        } catch (IllegalArgumentException e) {
            throw bad(s, e.getMessage());
        }
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The host as written, without brackets for IPv6. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The user name (SOCKS4: the user id), or null. */
    public String user() {
        return user;
    }

    /** The password, or null. Prefer not to keep it around longer than the hop. */
    public String password() {
        return password;
    }

    public boolean hasPassword() {
        return password != null;
    }

    /** The same hop with this user and password (either may be null). */
    public ProxyUri withCredentials(String newUser, String newPassword) {
        return new ProxyUri(scheme, host, port, newUser, newPassword);
    }

    /** The same hop without its password (the user stays): what exceptions and logs carry. */
    public ProxyUri withoutPassword() {
        return password == null ? this : new ProxyUri(scheme, host, port, user, null);
    }

    /** This hop's address as a destination for the hop before it: an IP literal, or a name. */
    public SocksAddress address() {
        InetAddress literal = HostText.literal(host);
        return literal != null ? SocksAddress.of(literal, port) : SocksAddress.domain(host, port);
    }

    /** The full URI, password included (percent-encoded), e.g. to write into a config file. */
    public String toUriString() {
        return format(true);
    }

    /** The URI without the password: {@code socks5://alice@proxy:1080}. */
    @Override
    public String toString() {
        return format(false);
    }

    private String format(boolean withPassword) {
        StringBuilder b = new StringBuilder(scheme.text).append("://");
        if (user != null) {
            b.append(encode(user));
            if (withPassword && password != null) {
                b.append(':').append(encode(password));
            }
            b.append('@');
        }
        b.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
        return b.toString();
    }

    private void checkCredentials() {
        if (user == null && password != null) {
            throw new IllegalArgumentException("a password needs a user name");
        }
        if (user == null) {
            return;
        }
        if (scheme.gssapi()) {
            throw new IllegalArgumentException(scheme.text + " takes its credentials from Kerberos, not from the URI");
        }
        if (!scheme.isSocks5()) {
            if (password != null) {
                throw new IllegalArgumentException(scheme.text + " has a user id but no password; use socks5 or "
                        + "socks5h for user:password");
            }
            if (user.length() > 255 || user.indexOf('\0') >= 0
                    || !StandardCharsets.ISO_8859_1.newEncoder().canEncode(user)) {
                throw new IllegalArgumentException("a SOCKS4 user id is at most 255 ISO-8859-1 characters without NUL");
            }
            return;
        }
        if (user.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("the user name is longer than 255 bytes (RFC 1929)");
        }
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("the password is longer than 255 bytes (RFC 1929)");
        }
    }

    private static int parsePort(String text, String uri) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(uri, "the port must be a number 1..65535");
        }
        return Integer.parseInt(text);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 3986 percent-decoding of a user or password, as UTF-8. */
    private static String decode(String s, String uri, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw bad(uri, "bad percent-escape in the " + what);
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    private static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /** An error about {@code uri} that shows it without its user information. */
    private static IllegalArgumentException bad(String uri, String problem) {
        return new IllegalArgumentException("proxy URI '" + redact(uri) + "': " + problem);
    }

    private static String redact(String uri) {
        int sep = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (at < 0) {
            return uri;
        }
        int start = sep >= 0 && sep < at ? sep + 3 : 0;
        return uri.substring(0, start) + "***@" + uri.substring(at + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyUri other && scheme == other.scheme && host.equalsIgnoreCase(other.host)
                && port == other.port && Objects.equals(user, other.user) && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host.toLowerCase(Locale.ROOT), port, user);
    }
}
