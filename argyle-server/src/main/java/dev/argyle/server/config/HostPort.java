package dev.argyle.server.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Reads and writes the {@code HOST:PORT} spelling of a listen address: {@code 127.0.0.1:1080}, {@code [::1]:1080},
 * {@code 0.0.0.0:1080}, {@code localhost:1080}. IPv6 literals must be in brackets, because otherwise the last
 * colon is ambiguous. IP literals are read without any name lookup; host names are resolved once, here, so that a
 * name that does not resolve is a configuration error rather than a bind failure later.
 */
public final class HostPort {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST_NAME = Pattern.compile("(?i)[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?");
    private static final String EXAMPLES = "HOST:PORT such as 127.0.0.1:1080, [::1]:1080 or localhost:1080";

    private HostPort() {
    }

    /**
     * @return a resolved address; port 0 means "any free port"
     * @throws IllegalArgumentException saying what is wrong and showing the expected form
     */
    public static InetSocketAddress parse(String s) {
        String text = s == null ? "" : s.strip();
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected " + EXAMPLES + ", got '" + text + "' (no port)");
        }
        String host = text.substring(0, colon);
        int port = port(text.substring(colon + 1), text);
        if (host.startsWith("[") && host.endsWith("]")) {
            return new InetSocketAddress(ipv6(host.substring(1, host.length() - 1), text), port);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("expected " + EXAMPLES + ", got '" + text
                    + "' (no host; use 0.0.0.0 for every IPv4 interface or [::] for every interface)");
        }
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 addresses go in brackets: [" + host + "]:" + port + ", got '" + text + "'");
        }
        if (IPV4.matcher(host).matches()) {
            return new InetSocketAddress(literal(host), port);
        }
        if (host.matches("[\\d.]+") || !HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a host name, in '" + text + "'");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host name '" + host + "' in '" + text + "'");
        }
    }

    /** {@code 127.0.0.1:1080} or {@code [::1]:1080}: the form {@link #parse} reads, with IPv6 in its short form. */
    public static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        if (ip instanceof Inet6Address) {
            return "[" + Ipv6Text.compress(ip.getHostAddress()) + "]:" + address.getPort();
        }
        return ip.getHostAddress() + ":" + address.getPort();
    }

    private static int port(String digits, String whole) {
        if (!digits.matches("\\d{1,5}") || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535, got '" + digits + "' in '" + whole + "'");
        }
        return Integer.parseInt(digits);
    }

    private static InetAddress ipv6(String literal, String whole) {
        int percent = literal.indexOf('%');
        String withoutScope = percent < 0 ? literal : literal.substring(0, percent);
        if (withoutScope.indexOf(':') < 0 || !withoutScope.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + literal + "' in brackets is not an IPv6 address, in '" + whole + "'");
        }
        try {
            InetAddress ip = InetAddress.getByName(literal); // a literal: parsed, never looked up
            if (!(ip instanceof Inet6Address) && !withoutScope.startsWith("::ffff:")) {
                throw new UnknownHostException(literal);
            }
            return ip;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' in brackets is not an IPv6 address, in '" + whole + "'");
        }
    }

    private static InetAddress literal(String ipv4) {
        try {
            return InetAddress.getByName(ipv4); // matched IPV4 above, so this only parses
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
