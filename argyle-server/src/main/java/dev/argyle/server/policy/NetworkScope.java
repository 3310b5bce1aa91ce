package dev.argyle.server.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * How far an address reaches, narrowest first: the host itself, the link, a private network, the internet.
 * The default client rule admits a client whose scope is no wider than that of the address it connected to
 * (a loopback listener serves loopback clients only; a listener on a private address serves private,
 * link-local and loopback clients; one on a public address serves everyone).
 */
public enum NetworkScope {
    /** 127.0.0.0/8, ::1. */
    LOOPBACK(List.of("127.0.0.0/8", "::1")),
    /** 169.254.0.0/16, fe80::/10. */
    LINK_LOCAL(List.of("169.254.0.0/16", "fe80::/10")),
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), shared address space 100.64.0.0/10, unique local fc00::/7. */
    PRIVATE(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")),
    /** Everything else. */
    PUBLIC(List.of());

    private final List<Cidr> blocks;

    NetworkScope(List<String> blocks) {
        this.blocks = blocks.stream().map(Cidr::parse).toList();
    }

    /** The blocks that make up this scope (none for {@link #PUBLIC}, which is everything else). */
    public List<Cidr> blocks() {
        return blocks;
    }

    public static NetworkScope of(InetAddress a) {
        for (NetworkScope s : values()) {
            for (Cidr c : s.blocks) {
                if (c.contains(a)) {
                    return s;
                }
            }
        }
        return PUBLIC;
    }

    /** Whether this scope is {@code other} or narrower. */
    public boolean within(NetworkScope other) {
        return compareTo(other) <= 0;
    }
}
