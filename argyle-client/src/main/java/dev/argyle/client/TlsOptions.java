package dev.argyle.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How {@code socks5+tls} and {@code socks5h+tls} hops open TLS: whom to trust (by default the JDK's trust store;
 * or the CA certificates of a PEM file) and an optional client certificate (PEM chain and unencrypted PEM
 * PKCS#8 key) for proxies that ask for one. The proxy's certificate must always name the host written in the
 * hop URI (HTTPS-style hostname verification, RFC 2818 section 3.1 / RFC 6125). Immutable; files are read when
 * a hop needs them.
 */
public final class TlsOptions {
    /** The JDK's default trust store, no client certificate. */
    public static final TlsOptions DEFAULT = new TlsOptions(null, null, null, null);

    private final SSLContext context;
    private final Path trustedCa;
    private final Path clientCert;
    private final Path clientKey;

    private TlsOptions(SSLContext context, Path trustedCa, Path clientCert, Path clientKey) {
        this.context = context;
        this.trustedCa = trustedCa;
        this.clientCert = clientCert;
        this.clientKey = clientKey;
    }

    /** Trust only the CA certificates in this PEM file (in place of the JDK's trust store). */
    public TlsOptions withTrustedCertificates(Path caPem) {
        return new TlsOptions(null, caPem, clientCert, clientKey);
    }

    /** Present this certificate chain (PEM, own certificate first) with its PKCS#8 PEM key when asked. */
    public TlsOptions withClientCertificate(Path certPem, Path keyPem) {
        return new TlsOptions(null, trustedCa, certPem, keyPem);
    }

    /** Use this context as it is (its trust and key managers); hostname verification stays on. */
    public static TlsOptions of(SSLContext context) {
        return new TlsOptions(context, null, null, null);
    }

    /** The context for a hop: the one given, the JDK's default, or one built from the PEM files. */
    SSLContext context() throws IOException, GeneralSecurityException {
        if (context != null) {
            return context;
        }
        if (trustedCa == null && clientCert == null) {
            return SSLContext.getDefault();
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustedCa == null) {
            tmf.init((KeyStore) null); // the JDK's trust store
        } else {
            KeyStore trust = emptyStore();
            int i = 0;
            for (Certificate c : certificates(trustedCa)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            tmf.init(trust);
        }
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = emptyStore();
            keys.setKeyEntry("client", privateKey(clientKey), new char[0], certificates(clientCert).toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static List<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<? extends Certificate> certs = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new GeneralSecurityException(pem + ": no PEM certificate");
            }
            return certs;
        }
    }

    /** An unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}, RFC 5958); tries RSA, EC and EdDSA. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + ": expected an unencrypted PEM PKCS#8 key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the key's algorithm is in the DER; the JDK has no factory that reads any of them
            }
        }
        throw new GeneralSecurityException(pem + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }

    @Override
    public String toString() {
        return "TlsOptions[" + (context != null ? "given context" : (trustedCa == null ? "JDK trust store" : "trust " + trustedCa))
                + (clientCert == null ? "" : ", client certificate " + clientCert) + "]";
    }
}
