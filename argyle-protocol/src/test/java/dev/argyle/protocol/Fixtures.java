package dev.argyle.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Addresses every SOCKS5 message is tested with. */
public final class Fixtures {
    /** 255 bytes, the most ATYP 3 can carry; labels of 63 so that java.net.IDN (used by Netty) accepts it. */
    public static final String DOMAIN_255 =
            "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63);

    private Fixtures() {
    }

    public static Inet4Address ipv4(int a, int b, int c, int d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public static Inet6Address ipv6(int... sixteen) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) {
            raw[i] = (byte) sixteen[i];
        }
        try {
            // getByAddress(String, byte[], int) keeps an IPv4-mapped address as Inet6Address;
            // InetAddress.getByAddress(byte[]) would turn it into an Inet4Address.
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** ::ffff:192.0.2.33, which must stay ATYP 4 with 16 bytes. */
    public static Inet6Address ipv4Mapped() {
        return ipv6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 33);
    }

    /** 2001:db8::ff00:42:8329. */
    public static Inet6Address ipv6Documentation() {
        return ipv6(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29);
    }

    /** IPv4, IPv6, IPv4-mapped IPv6, one-byte domain, 255-byte domain, and the edge ports. */
    public static List<SocksAddress> addresses() {
        return List.of(
                SocksAddress.of(ipv4(192, 0, 2, 1), 80),
                SocksAddress.of(ipv4(0, 0, 0, 0), 0),
                SocksAddress.of(ipv4(255, 255, 255, 255), 65535),
                SocksAddress.of(ipv6Documentation(), 443),
                SocksAddress.of(ipv6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 1),
                SocksAddress.of(ipv4Mapped(), 8080),
                SocksAddress.domain("a", 53),
                SocksAddress.domain("example.com", 443),
                SocksAddress.domain(DOMAIN_255, 65535));
    }
}
