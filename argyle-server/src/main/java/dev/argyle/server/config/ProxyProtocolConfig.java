package dev.argyle.server.config;

import dev.argyle.server.policy.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Whether a listener sits behind a load balancer that sends the HAProxy PROXY protocol header (v1 or v2).
 *
 * @param trustedFrom the source addresses allowed to send the header; empty means the listener does not use the
 *                    PROXY protocol. When not empty, the header is required on every connection and a connection
 *                    from any other source is closed: a client that could set its own address would pass every
 *                    rule keyed on it.
 */
public record ProxyProtocolConfig(List<Cidr> trustedFrom) {
    private static final ProxyProtocolConfig OFF = new ProxyProtocolConfig(List.of());

    public ProxyProtocolConfig {
        trustedFrom = List.copyOf(Objects.requireNonNull(trustedFrom, "trustedFrom"));
    }

    public static ProxyProtocolConfig off() {
        return OFF;
    }

    public boolean enabled() {
        return !trustedFrom.isEmpty();
    }

    /** Whether a connection from {@code source} may send the header. */
    public boolean trusts(InetAddress source) {
        for (Cidr block : trustedFrom) {
            if (block.contains(source)) {
                return true;
            }
        }
        return false;
    }
}
