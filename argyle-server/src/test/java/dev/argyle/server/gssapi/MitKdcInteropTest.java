package dev.argyle.server.gssapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.GssapiConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.MitKdc;
import dev.argyle.testkit.TestKdc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tickets from Debian's MIT KDC ({@code krb5-kdc}, a throwaway realm {@value MitKdc#REALM} on loopback) instead
 * of Kerby: the server's keytab and the client's TGT come from MIT, the JDK is the initiator. The JVM's
 * krb5.conf names both realms while this class runs (reloaded through JAAS' {@code refreshKrb5Config}), and
 * the Kerby-only one again afterwards.
 */
class MitKdcInteropTest {
    private static final String SERVICE = "rcmd/localhost@" + MitKdc.REALM;

    @TempDir
    static Path dir;
    private static MitKdc mit;
    private static String kerbyConf;

    @BeforeAll
    static void realms() throws Exception {
        assumeTrue(MitKdc.available() || System.getenv("CI") != null,
                "the MIT KDC (apt-get install krb5-kdc krb5-admin-server) is not installed");
        TestKdc kerby = TestKdc.shared(); // its realm stays usable for the other test classes
        kerbyConf = kerby.krb5Conf().toString();
        mit = MitKdc.start(dir);
        String both = Files.readString(kerby.krb5Conf()).replace("[realms]\n", "[realms]\n" + mit.realmStanza());
        Path conf = dir.resolve("krb5-both.conf");
        Files.writeString(conf, both, StandardCharsets.US_ASCII);
        System.setProperty("java.security.krb5.conf", conf.toString());
    }

    @AfterAll
    static void restore() throws Exception {
        if (mit != null) {
            mit.close();
        }
        if (kerbyConf != null) {
            System.setProperty("java.security.krb5.conf", kerbyConf);
            refreshOnly();
        }
    }

    @Test
    void connectWithTicketsFromTheMitKdc() throws Exception {
        Path serverKeytab = mit.keytab("server.keytab", "rcmd/localhost");
        Path aliceKeytab = mit.keytab("alice.keytab", "alice");
        Subject alice = login("alice@" + MitKdc.REALM, aliceKeytab); // also reloads krb5.conf
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(RunningServer.config(AuthMode.GSSAPI, null)
                     .withGssapi(GssapiConfig.defaults().withKeytab(serverKeytab)));
             GssClient c = new GssClient(server.address())) {
            assertThat(c.greet()).isEqualTo(0x01);
            assertThat(c.authenticate(alice, SERVICE, ProtectionLevel.CONFIDENTIALITY))
                    .isEqualTo(ProtectionLevel.CONFIDENTIALITY);
            assertThat(c.connect(echo.address())).isEqualTo(0x00);
            byte[] data = "tickets from MIT".getBytes(StandardCharsets.US_ASCII);
            assertThat(c.echo(data)).isEqualTo(data);
            c.close();
            Session s = server.sessions().next(Duration.ofSeconds(10));
            assertThat(s.user()).isEqualTo("alice@" + MitKdc.REALM);
        }
    }

    private static Subject login(String principal, Path keytab) throws Exception {
        LoginContext lc = new LoginContext("mit", new Subject(), null, jaas(Map.of("useKeyTab", "true",
                "keyTab", keytab.toString(), "principal", principal, "storeKey", "true", "doNotPrompt", "true",
                "isInitiator", "true", "refreshKrb5Config", "true")));
        lc.login();
        return lc.getSubject();
    }

    /** Reloads krb5.conf: the module refreshes before it fails for want of credentials. */
    private static void refreshOnly() {
        try {
            new LoginContext("refresh", new Subject(), null, jaas(Map.of("refreshKrb5Config", "true",
                    "doNotPrompt", "true", "useTicketCache", "true", "ticketCache", dir.resolve("none").toString())))
                    .login();
        } catch (Exception expected) {
            // No credentials: the point was the reload.
        }
    }

    private static Configuration jaas(Map<String, String> options) {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
    }
}
