package dev.argyle.client;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.HostText;
import dev.argyle.protocol.handshake.ProxyUri;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How an address travels to a hop, by the hop's type. The type of the hop that <em>receives</em> an address
 * decides: a socks5h hop gets names as names (ATYP 3) and resolves them itself; a socks5 hop gets the first
 * address the name resolves to here; socks4a sends names, socks4 resolves here and takes IPv4 only. Neither
 * SOCKS4 form can carry IPv6. IP literals written as names are always sent as addresses.
 */
final class Addressing {
    private Addressing() {
    }

    /**
     * Checks, before any connection is made, that {@code hop} can carry {@code target} when it is an address
     * (names are checked when they are resolved, during the walk).
     */
    static void precheck(HopRef hop, SocksAddress target) throws SocksException {
        if (!target.isDomain() || HostText.literal(target.host()) != null) {
            forHop(hop, target);
        }
    }

    static SocksAddress forHop(HopRef hop, SocksAddress target) throws SocksException {
        SocksAddress t = target;
        if (t.isDomain()) {
            InetAddress literal = HostText.literal(t.host());
            if (literal != null) {
                t = new SocksAddress(t.host(), literal, t.port()); // keeps the text as written, for messages
            }
        }
        ProxyUri.Scheme scheme = hop.uri().scheme();
        if (!t.isDomain()) {
            if (!scheme.isSocks5() && t.address() instanceof Inet6Address) {
                throw hop.fail(SocksException.Kind.UNSUPPORTED, scheme.text() + " cannot carry the IPv6 address "
                        + t + "; use a socks5 or socks5h hop");
            }
            if (!scheme.isSocks5() && isSocks4aMarker(t.address())) {
                throw hop.fail(SocksException.Kind.UNSUPPORTED, t + " is 0.0.0.x, which SOCKS4a reads as"
                        + " \"a host name follows\"");
            }
            return t;
        }
        if (scheme.proxyResolves()) {
            return t;
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(t.host());
        } catch (UnknownHostException e) {
            throw hop.fail(SocksException.Kind.RESOLVE, "cannot resolve " + t.host() + " on this side (a "
                    + scheme.text() + " hop gets addresses, not names; " + alternative(scheme)
                    + " lets the proxy resolve)", e);
        }
        for (InetAddress a : all) {
            if (scheme.isSocks5() || a instanceof Inet4Address) {
                return SocksAddress.of(a, t.port());
            }
        }
        throw hop.fail(SocksException.Kind.UNSUPPORTED, t.host() + " resolves to IPv6 addresses only, which socks4"
                + " cannot carry; use socks4a or socks5h to let the proxy resolve it");
    }

    private static String alternative(ProxyUri.Scheme scheme) {
        return scheme.isSocks5() ? "socks5h" : "socks4a";
    }

    private static boolean isSocks4aMarker(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0;
    }
}
