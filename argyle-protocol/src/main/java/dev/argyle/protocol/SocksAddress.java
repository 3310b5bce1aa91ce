package dev.argyle.protocol;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A destination or bound address as it travels on the wire: an IPv4 or IPv6 literal, or a domain
 * name that the receiver resolves (SOCKS5 ATYP 3, SOCKS4a). Domain names travel as bytes; this class maps
 * them to text as ISO-8859-1 so that any byte sequence survives a decode/encode round trip (internationalised
 * names belong on the wire in their ASCII "xn--" form).
 *
 * <p>A value class with the accessors and equality of a record of {@code (host, address, port)}. For an IP
 * address made with {@link #of(InetAddress, int)} the host text is built on first use, so decoding an IPv4 or
 * IPv6 address allocates no string (docs/benchmarks.md, "Codec microbenchmarks"). Immutable and thread-safe
 * (the lazily built text is the same whichever thread builds it).
 */
public final class SocksAddress {
    /** Longest domain name the one-byte SOCKS5 length field can carry. */
    public static final int MAX_DOMAIN_BYTES = 255;

    private String host;
    private final InetAddress address;
    private final int port;

    /**
     * @param host    the domain name, or the text of the IP address (kept as given)
     * @param address the IP address, or {@code null} for a domain name
     * @param port    0..65535
     */
    public SocksAddress(String host, InetAddress address, int port) {
        this(Objects.requireNonNull(host, "host"), address, port, true);
    }

    private SocksAddress(String host, InetAddress address, int port, boolean unused) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (address == null) {
            int len = host.length();
            if (len == 0 || len > MAX_DOMAIN_BYTES) {
                throw new IllegalArgumentException("domain name must be 1..255 bytes, got " + len);
            }
            if (!isLatin1(host)) {
                throw new IllegalArgumentException("domain name has characters outside one byte; use its xn-- form");
            }
        }
        this.host = host;
        this.address = address;
        this.port = port;
    }

    /** An IP address and port; the host text is the address's literal, built when first asked for. */
    public static SocksAddress of(InetAddress address, int port) {
        return new SocksAddress(null, Objects.requireNonNull(address, "address"), port, true);
    }

    /** A resolved socket address (its IP is used, never its host name). */
    public static SocksAddress of(InetSocketAddress socketAddress) {
        InetAddress ip = socketAddress.getAddress();
        if (ip == null) {
            return domain(socketAddress.getHostString(), socketAddress.getPort());
        }
        return of(ip, socketAddress.getPort());
    }

    /** A domain name to be resolved by whoever receives it. */
    public static SocksAddress domain(String name, int port) {
        return new SocksAddress(name, null, port);
    }

    /** The domain name, or the textual form of the IP address. */
    public String host() {
        String h = host;
        if (h == null) {
            h = address.getHostAddress();
            host = h;
        }
        return h;
    }

    /** The IP address, or {@code null} for a domain name. */
    public InetAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The name's bytes as they go on the wire. */
    public byte[] domainBytes() {
        return host.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The IPv4 wildcard 0.0.0.0:0, used when there is no meaningful bound address (failure replies). */
    public static SocksAddress unspecifiedIpv4() {
        try {
            return of(InetAddress.getByAddress(new byte[4]), 0);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public boolean isDomain() {
        return address == null;
    }

    public AddressType type() {
        if (address == null) {
            return AddressType.DOMAIN;
        }
        return address instanceof Inet4Address ? AddressType.IPV4 : AddressType.IPV6;
    }

    /** For an IP address, the socket address to connect to; for a domain, an unresolved one. */
    public InetSocketAddress toSocketAddress() {
        return address == null
                ? InetSocketAddress.createUnresolved(host, port)
                : new InetSocketAddress(address, port);
    }

    private static boolean isLatin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocksAddress other && port == other.port
                && Objects.equals(address, other.address) && host().equals(other.host());
    }

    @Override
    public int hashCode() {
        return (host().hashCode() * 31 + Objects.hashCode(address)) * 31 + port;
    }

    @Override
    public String toString() {
        return (address instanceof Inet6Address ? "[" + host() + "]" : host()) + ":" + port;
    }
}
