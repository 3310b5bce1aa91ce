package dev.argyle.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway certificates made at test time with the {@code openssl} CLI (EC P-256, valid two days): a CA, a
 * server certificate for {@code localhost}/127.0.0.1, client certificates signed by that CA, and one signed
 * by a second, untrusted CA ({@code rogue}, CN=alice). Files: {@code NAME.pem}, {@code NAME.key} in {@code dir}.
 * No private key is committed. Needs the {@code openssl} CLI (Debian {@code openssl}, in .ci/run).
 */
public final class TestPki {
    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
    }

    /** Makes the CA, the server certificate and client certificates for {@code clients} (each CN = the name). */
    public static TestPki create(Path dir, String... clients) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        pki.ca("ca", "Argyle Test CA");
        pki.leaf("server", "localhost", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        for (String c : clients) {
            pki.leaf(c, c, "ca", "extendedKeyUsage=clientAuth");
        }
        pki.ca("rogue-ca", "Rogue CA");
        pki.leaf("rogue", "alice", "rogue-ca", "extendedKeyUsage=clientAuth");
        return pki;
    }

    private void ca(String name, String cn) throws IOException, InterruptedException {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + cn);
    }

    private void leaf(String name, String cn, String ca, String ext) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".ext"), ext + "\n");
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/O=Argyle tests/CN=" + cn);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** A client context trusting this CA, presenting {@code client}'s certificate ({@code null}: none). */
    public SSLContext clientContext(String client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certs(caCert).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", key(dir.resolve(client + ".key")), new char[0],
                    certs(dir.resolve(client + ".pem")).toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static List<? extends Certificate> certs(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static PrivateKey key(Path pem) throws Exception {
        String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }
}
