package dev.argyle.server.config;

import dev.argyle.protocol.gssapi.ProtectionLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The GSS-API (RFC 1961) settings of {@link AuthMode#GSSAPI} listeners.
 *
 * @param keytab     the keytab holding the service's keys, or null when no listener uses GSS-API
 * @param principal  the service principal clients must ask for (such as {@code rcmd/proxy.example.com}), or
 *                   null to accept a ticket for any principal whose key is in the keytab
 * @param protection the protection levels the server agrees to, in any order; {@code clear} (no per-message
 *                   protection, Dante's non-standard level 0) only when listed
 */
public record GssapiConfig(Path keytab, String principal, List<ProtectionLevel> protection) {
    public GssapiConfig {
        protection = List.copyOf(Objects.requireNonNull(protection, "protection"));
    }

    /** No keytab; the three RFC 1961 levels. */
    public static GssapiConfig defaults() {
        return new GssapiConfig(null, null,
                List.of(ProtectionLevel.INTEGRITY, ProtectionLevel.CONFIDENTIALITY, ProtectionLevel.SELECTIVE));
    }

    public GssapiConfig withKeytab(Path k) {
        return new GssapiConfig(k, principal, protection);
    }

    public GssapiConfig withPrincipal(String p) {
        return new GssapiConfig(keytab, p, protection);
    }

    public GssapiConfig withProtection(List<ProtectionLevel> p) {
        return new GssapiConfig(keytab, principal, p);
    }
}
