package dev.argyle.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Checks that a PEM PKCS#8 key belongs to the first certificate of a PEM chain, by signing a probe with the key
 * and verifying it with the certificate's public key. The JDK's TLS engine would accept a mismatched pair and
 * fail only in each client's handshake; this finds it when the configuration is read.
 */
final class KeyMatch {
    private static final byte[] PROBE = "argyle key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private KeyMatch() {
    }

    /** @throws IllegalArgumentException when the key is unreadable or does not match */
    static void check(Path certPem, Path keyPem) {
        try {
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(certPem)) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            String algorithm = cert.getPublicKey().getAlgorithm();
            PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(keyPem)));
            String sigAlg = switch (algorithm) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
                default -> null;
            };
            if (sigAlg == null) {
                return; // an algorithm this check does not know: the TLS engine decides
            }
            Signature sign = Signature.getInstance(sigAlg);
            sign.initSign(key);
            sign.update(PROBE);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(sigAlg);
            verify.initVerify(cert.getPublicKey());
            verify.update(PROBE);
            if (!verify.verify(signature)) {
                throw new IllegalArgumentException("the key " + keyPem + " does not belong to the certificate " + certPem);
            }
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read " + keyPem + " as a " + "PEM PKCS#8 key for " + certPem + ": " + e);
        }
    }

    private static byte[] der(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        for (String label : List.of("PRIVATE KEY")) {
            int begin = text.indexOf("-----BEGIN " + label + "-----");
            int end = text.indexOf("-----END " + label + "-----");
            if (begin >= 0 && end > begin) {
                return Base64.getMimeDecoder().decode(text.substring(begin + label.length() + 16, end));
            }
        }
        throw new GeneralSecurityException("no '-----BEGIN PRIVATE KEY-----' block (unencrypted PKCS#8 expected)");
    }
}
