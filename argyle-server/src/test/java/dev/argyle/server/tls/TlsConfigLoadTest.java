package dev.argyle.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.testkit.TestPki;
import dev.argyle.server.config.ListenerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listeners[].tls}: the keys, their defaults, and errors with line and column for bad files. */
class TlsConfigLoadTest {
    @TempDir
    static Path dir;
    private static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
    }

    private static String yaml(String cert, String key, String extra) {
        return "listeners:\n  - listen: 127.0.0.1:0\n    tls:\n      cert: " + cert + "\n      key: " + key + "\n" + extra;
    }

    @Test
    void keysAndDefaults() throws Exception {
        ListenerConfig plain = ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1:0\n", "t.yaml").listeners().get(0);
        assertThat(plain.tls().enabled()).isFalse();
        TlsConfig tls = ConfigLoader.parse(yaml(pki.serverCert.toString(), pki.serverKey.toString(),
                "      client-ca: " + pki.caCert + "\n"), "t.yaml").listeners().get(0).tls();
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.clientAuth()).isEqualTo(TlsConfig.ClientAuth.OPTIONAL); // client-ca alone asks, never requires
        TlsConfig noCa = ConfigLoader.parse(yaml(pki.serverCert.toString(), pki.serverKey.toString(), ""), "t.yaml")
                .listeners().get(0).tls();
        assertThat(noCa.clientAuth()).isEqualTo(TlsConfig.ClientAuth.NONE);
    }

    @Test
    void missingFileIsReportedAtItsKey() {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml(dir.resolve("nope.pem").toString(), pki.serverKey.toString(), ""),
                "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 4, column 13: listeners[0].tls.cert: ")
                .hasMessageContaining("nope.pem is not a readable file");
    }

    @Test
    void aKeyThatIsNotAKeyOrDoesNotMatchIsReported() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml(pki.serverCert.toString(), garbage.toString(), ""), "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml, line 5, column 12: listeners[0].tls.key: cannot read " + garbage);
        assertThatThrownBy(() -> ConfigLoader.parse(yaml(pki.serverCert.toString(), dir.resolve("rogue-ca.key").toString(), ""),
                "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listeners[0].tls.key: the key ").hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void clientAuthNeedsAClientCaAndUnknownKeysAreErrors() {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml(pki.serverCert.toString(), pki.serverKey.toString(),
                "      client-auth: required\n"), "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml, line 6, column 20: listeners[0].tls.client-auth: client-auth required needs client-ca");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml(pki.serverCert.toString(), pki.serverKey.toString(),
                "      client-auth: sometimes\n"), "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected none, optional or required");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml(pki.serverCert.toString(), pki.serverKey.toString(),
                "      ca: x\n"), "t.yaml")).isInstanceOf(ConfigException.class).hasMessageContaining("unknown key");
    }

    @Test
    void tlsHopsAreRefusedInServerRoutes() {
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - via: [\"socks5h+tls://proxy:1443\"]\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("socks5h+tls hops are not supported in server routes yet");
    }
}
