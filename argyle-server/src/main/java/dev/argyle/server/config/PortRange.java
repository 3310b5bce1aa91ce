package dev.argyle.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parsers for the small value types of the bind and udp sections; each throws IllegalArgumentException. */
final class PortRange {
    private PortRange() {
    }

    /** "40000-40999", "40000" (one port) or "0" (any ephemeral port) → {min, max}. */
    static int[] parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        int min = port(dash < 0 ? t : t.substring(0, dash));
        int max = dash < 0 ? min : port(t.substring(dash + 1));
        if ((min == 0) != (max == 0) || min > max) {
            throw new IllegalArgumentException("'" + text + "' is not a range low-high with low <= high");
        }
        return new int[] {min, max};
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is outside 0-65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a port number");
        }
    }

    /** An IPv4 or IPv6 literal, never a name (no lookup at config time). */
    static InetAddress ipLiteral(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.matches("[0-9.]+") && !t.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    static int byteCount(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1 || n > 16 * 1024 * 1024) {
                throw new IllegalArgumentException(n + " is outside 1-16777216");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }
}
