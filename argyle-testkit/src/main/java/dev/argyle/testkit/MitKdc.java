package dev.argyle.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A throwaway MIT Kerberos KDC (Debian {@code krb5-kdc} and {@code krb5-admin-server}) for the realm
 * {@value #REALM}, its database, stash and config in one directory, listening on 127.0.0.1 (TCP) only: a second
 * source of real tickets beside {@link TestKdc}'s Kerby. Principals are added with {@code kadmin.local}. Close
 * it to stop the KDC. (UDP, which the tests never use, listens on the same loopback port.)
 */
public final class MitKdc implements AutoCloseable {
    public static final String REALM = "MIT.TEST";
    private static final Duration STEP = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final Map<String, String> env;
    private final Process kdc;

    private MitKdc(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        Path kdcConf = dir.resolve("kdc.conf");
        Files.writeString(kdcConf, "[realms]\n    " + REALM + " = {\n"
                + "        database_name = " + dir.resolve("principal") + "\n"
                + "        key_stash_file = " + dir.resolve("stash") + "\n"
                + "        acl_file = " + dir.resolve("kadm5.acl") + "\n"
                + "        kdc_listen = 127.0.0.1:" + port + "\n"
                + "        kdc_tcp_listen = 127.0.0.1:" + port + "\n"
                + "    }\n", StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("krb5.conf"), "[libdefaults]\n    default_realm = " + REALM + "\n"
                + "    udp_preference_limit = 1\n    dns_lookup_kdc = false\n"
                + "[realms]\n" + realmStanza(), StandardCharsets.US_ASCII);
        env = Map.of("KRB5_CONFIG", dir.resolve("krb5.conf").toString(), "KRB5_KDC_PROFILE", kdcConf.toString());
        run(List.of("kdb5_util", "create", "-s", "-r", REALM, "-P", "argyle-test-master"));
        ProcessBuilder pb = new ProcessBuilder("krb5kdc", "-n", "-r", REALM).redirectErrorStream(true)
                .redirectOutput(dir.resolve("krb5kdc.log").toFile());
        pb.environment().putAll(env);
        kdc = pb.start();
        awaitListening();
    }

    /** True when the MIT KDC programs are installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/krb5kdc")) && Files.isExecutable(Path.of("/usr/sbin/kadmin.local"))
                && Files.isExecutable(Path.of("/usr/sbin/kdb5_util"));
    }

    /** Creates the realm in {@code dir} and starts the KDC. */
    public static MitKdc start(Path dir) throws IOException, InterruptedException {
        return new MitKdc(dir);
    }

    /** The {@code [realms]} entry for this KDC, for a krb5.conf that names several realms. */
    public String realmStanza() {
        return "    " + REALM + " = {\n        kdc = 127.0.0.1:" + port + "\n    }\n";
    }

    /** Adds {@code principal} (random key) and writes its keys to a new keytab {@code fileName} in the directory. */
    public Path keytab(String fileName, String principal) throws IOException, InterruptedException {
        Path file = dir.resolve(fileName);
        run(List.of("kadmin.local", "-r", REALM, "-q", "addprinc -randkey " + principal + "@" + REALM));
        run(List.of("kadmin.local", "-r", REALM, "-q", "ktadd -k " + file + " " + principal + "@" + REALM));
        return file;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        ExternalProgram.Result r = ExternalProgram.run(STEP, command, null, env);
        if (r.exitCode() != 0 || r.stderr().contains("rror")) {
            throw new IOException(String.join(" ", command) + " failed: " + r);
        }
    }

    /** Until the KDC's TCP port accepts, at most {@link #STEP}. */
    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        for (int i = 0; i < 3000 && System.nanoTime() < deadline; i++) {
            if (!kdc.isAlive()) {
                throw new IOException("krb5kdc exited: " + Files.readString(dir.resolve("krb5kdc.log")));
            }
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                return;
            } catch (IOException notYet) {
                kdc.waitFor(10, java.util.concurrent.TimeUnit.MILLISECONDS); // bounded pause while it starts
            }
        }
        throw new IOException("krb5kdc did not listen on 127.0.0.1:" + port + " within " + STEP.toSeconds() + " s");
    }

    @Override
    public void close() throws InterruptedException {
        kdc.destroy();
        if (!kdc.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            kdc.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
