package dev.argyle.server.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the server's {@link SslContext} for a TLS listener, with the JDK provider (no netty-tcnative: the
 * JDK's TLS 1.2/1.3 suffices and adds no native library).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * Reads the PEM files of {@code config} and builds the context.
     *
     * @throws IllegalArgumentException with a message fit for an operator: which file, and what is wrong with it
     */
    public static SslContext server(TlsConfig config) {
        readable(config.cert(), "tls.cert");
        readable(config.key(), "tls.key");
        KeyMatch.check(config.cert(), config.key());
        SslContextBuilder b;
        try {
            b = SslContextBuilder.forServer(config.cert().toFile(), config.key().toFile());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use certificate " + config.cert() + " with key " + config.key()
                    + " (PEM certificate chain and unencrypted PEM PKCS#8 key expected): " + rootMessage(e));
        }
        if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
            if (config.clientCa() == null) {
                throw new IllegalArgumentException("tls.client-auth " + config.clientAuth().configName()
                        + " needs tls.client-ca, the CA certificates client certificates are checked against");
            }
            readable(config.clientCa(), "tls.client-ca");
            b.trustManager(config.clientCa().toFile())
                    .clientAuth(config.clientAuth() == TlsConfig.ClientAuth.REQUIRED ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            return b.sslProvider(SslProvider.JDK).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use certificate " + config.cert() + " with key " + config.key()
                    + (config.clientCa() == null ? "" : " and client CA " + config.clientCa()) + ": " + rootMessage(e));
        }
    }

    private static void readable(Path file, String key) {
        if (file == null) {
            throw new IllegalArgumentException(key + " is required on a TLS listener");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": " + file + " is not a readable file");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
