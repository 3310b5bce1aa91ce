package dev.argyle.protocol.handshake;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Host names and IP literals as text, checked and parsed without ever asking DNS: {@link InetAddress#getByName}
 * is only called on text already known to be a literal.
 */
public final class HostText {
    private HostText() {
    }

    /** Returns {@code host} if it is a plausible name or IP literal; throws saying why not. */
    public static String check(String host) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (literal(host) != null) {
            return host;
        }
        if (host.length() > 255) {
            throw new IllegalArgumentException("host name longer than 255 characters");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("'" + host + "' is not a host name or IP address"
                        + (c == ':' ? " (IPv6 goes in brackets)" : ""));
            }
        }
        return host;
    }

    /** The address for an IPv4 or IPv6 literal (IPv6 without brackets), or null for anything else. */
    public static InetAddress literal(String host) {
        InetAddress v4 = ipv4(host);
        return v4 != null ? v4 : ipv6(host);
    }

    public static InetAddress ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            raw[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public static InetAddress ipv6(String host) {
        if (host.indexOf(':') < 0 || host.indexOf('%') >= 0) {
            return null;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            InetAddress a = InetAddress.getByName(host); // a literal: no lookup
            return a instanceof Inet6Address || host.indexOf(':') >= 0 ? a : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
