package dev.argyle.testkit;

import dev.argyle.protocol.gssapi.Krb5Login;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * An in-process Kerberos KDC (Apache Kerby) for the realm {@value #REALM} on 127.0.0.1, shared by every test in
 * a JVM. The JDK reads {@code krb5.conf} once and caches it, so the first call to {@link #shared()} writes one for
 * this KDC and points {@code java.security.krb5.conf} at it; every later Kerberos use in the JVM sees it. TCP only
 * ({@code udp_preference_limit = 1}); no DNS lookups.
 */
public final class TestKdc {
    public static final String REALM = "EXAMPLE.COM";
    private static TestKdc shared;

    private final SimpleKdcServer kdc;
    private final Path dir;
    private final int port;
    private final Path conf;

    private TestKdc(Path dir) throws IOException, KrbException {
        this.dir = dir;
        this.port = freePort();
        kdc = new SimpleKdcServer();
        kdc.setWorkDir(dir.toFile());
        kdc.setKdcRealm(REALM);
        kdc.setKdcHost("127.0.0.1");
        kdc.setAllowUdp(false);
        kdc.setAllowTcp(true);
        kdc.setKdcTcpPort(port);
        kdc.init();
        kdc.start();
        conf = dir.resolve("krb5-test.conf");
        Files.writeString(conf, krb5Conf(port), StandardCharsets.US_ASCII);
        System.setProperty("java.security.krb5.conf", conf.toString());
    }

    /** The JVM's KDC, started on first use (and stopped when the JVM exits). */
    public static synchronized TestKdc shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("argyle-kdc");
                shared = new TestKdc(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (KrbException e) {
                throw new IllegalStateException("cannot start the test KDC: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    private static String krb5Conf(int port) {
        return "[libdefaults]\n"
                + "    default_realm = " + REALM + "\n"
                + "    udp_preference_limit = 1\n"
                + "    dns_lookup_kdc = false\n"
                + "    dns_lookup_realm = false\n"
                + "    dns_canonicalize_hostname = false\n"
                + "[realms]\n"
                + "    " + REALM + " = {\n"
                + "        kdc = 127.0.0.1:" + port + "\n"
                + "    }\n"
                + "[domain_realm]\n"
                + "    localhost = " + REALM + "\n";
    }

    /** The krb5.conf for this KDC (for programs: {@code KRB5_CONFIG}). */
    public Path krb5Conf() {
        return conf;
    }

    /**
     * A ticket cache file holding a TGT for {@code principal} (created with {@code password} if new), as
     * {@code kinit -c FILE} would leave it: for {@code KRB5CCNAME=FILE:...} or a JAAS ticket-cache login.
     */
    public synchronized Path ticketCache(String principal, String password, String fileName) {
        Path file = dir.resolve(fileName);
        try {
            if (kdc.getKadmin().getPrincipal(qualified(principal)) == null) {
                kdc.createPrincipal(principal, password);
            }
            Files.deleteIfExists(file);
            kdc.getKrbClient().storeTicket(kdc.getKrbClient().requestTgt(qualified(principal), password), file.toFile());
        } catch (KrbException | IOException e) {
            throw new IllegalStateException("cannot write ticket cache " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The KDC's TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Creates principals (such as {@code rcmd/localhost}) with random keys, unless they exist, and writes their
     * keys to a new keytab {@code fileName} in the KDC's directory.
     */
    public synchronized Path keytab(String fileName, String... principals) {
        Path file = dir.resolve(fileName);
        try {
            Files.deleteIfExists(file);
            for (String p : principals) {
                if (kdc.getKadmin().getPrincipal(qualified(p)) == null) {
                    kdc.createPrincipal(p);
                }
                kdc.exportPrincipal(qualified(p), file.toFile());
            }
        } catch (KrbException | IOException e) {
            throw new IllegalStateException("cannot write keytab " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * Logs {@code principal} in with a keytab made for it, as a client would with {@code kinit -k}: the returned
     * Subject holds its TGT, for {@code Subject.doAs} around GSS-API initiator calls.
     */
    public Subject login(String principal) {
        Path keytab = keytab(principal.replace('/', '_') + ".keytab", principal);
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(),
                "principal", qualified(principal), "storeKey", "true", "doNotPrompt", "true",
                "isInitiator", "true");
        try {
            return Krb5Login.login("argyle-test-client", options);
        } catch (LoginException e) {
            throw new IllegalStateException("cannot log " + principal + " in: " + e.getMessage(), e);
        }
    }

    /** The KDC's Kerby server, for what this class does not wrap (such as ticket lifetimes). */
    public SimpleKdcServer server() {
        return kdc;
    }

    public static String qualified(String principal) {
        return principal.contains("@") ? principal : principal + "@" + REALM;
    }

    private void stop() {
        try {
            kdc.stop();
        } catch (KrbException | RuntimeException ignored) {
            // The JVM is exiting.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
