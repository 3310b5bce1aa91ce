package dev.argyle.server.tls;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a listener speaks SOCKS inside TLS (as 3proxy's and gost's TLS listeners do): the client opens a TLS
 * session first (RFC 8446 / RFC 5246) and the SOCKS greeting is the first application data inside it.
 *
 * <p>Holds paths, not key material, so two loads of one file compare equal (reload tells "unchanged" apart from
 * "not applied until restart"); {@link TlsContexts} builds the Netty context from it.
 *
 * @param cert       PEM certificate chain, the server's certificate first; {@code null} when TLS is off
 * @param key        PEM PKCS#8 private key of that certificate (unencrypted)
 * @param clientCa   PEM CA certificates that client certificates are verified against; {@code null}: none asked
 * @param clientAuth whether a client certificate is asked for, and whether one is required
 */
public record TlsConfig(Path cert, Path key, Path clientCa, ClientAuth clientAuth) {
    private static final TlsConfig OFF = new TlsConfig(null, null, null, ClientAuth.NONE);

    /** {@code tls.client-auth}: the three modes of a TLS server's CertificateRequest. */
    public enum ClientAuth {
        /** No certificate is asked for. */
        NONE,
        /** Asked for; a client without one is served like any other, one that presents a bad one is refused. */
        OPTIONAL,
        /** A verified certificate is required; the TLS handshake fails without one. */
        REQUIRED;

        /** The config keyword ({@code none}, {@code optional}, {@code required}). */
        public static ClientAuth parse(String text) {
            return switch (text) {
                case "none" -> NONE;
                case "optional" -> OPTIONAL;
                case "required" -> REQUIRED;
                default -> throw new IllegalArgumentException("expected none, optional or required, got '" + text + "'");
            };
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TlsConfig {
        Objects.requireNonNull(clientAuth, "clientAuth");
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("cert and key go together");
        }
    }

    public static TlsConfig off() {
        return OFF;
    }

    public boolean enabled() {
        return cert != null;
    }
}
