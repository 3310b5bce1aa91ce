package dev.argyle.server.policy;

import static dev.argyle.server.policy.PolicySupport.CURLE_PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A name is checked again with every address it resolves to: a name that leads into a blocked block is refused
 * as the address itself would be. {@link FakeResolver} plays the DNS server an attacker controls.
 */
class DnsRebindingTest {
    private static final InetAddress METADATA = Facts.ip("169.254.169.254");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aNameForTheMetadataAddressIsRefusedByTheDefaults() throws Exception {
        FakeResolver dns = new FakeResolver().map("metadata.rebind.test", METADATA);
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null), dns)) {
            ExternalProgram.Result r = PolicySupport.curl("--socks5-hostname", PolicySupport.proxy(server),
                    "http://metadata.rebind.test/latest/meta-data/");

            assertThat(r.exitCode()).as("curl: %s", r).isEqualTo(CURLE_PROXY);
            assertThat(r.stderr()).contains("(2)");
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo("0x02");
            assertThat(s.rule()).isEqualTo("default");
            assertThat(s.error()).contains("the default request rule", "169.254.0.0/16");
            assertThat(s.resolved()).as("no connection was tried").isNull();
        }
    }

    @Test
    void aNameIntoABlockedRangeIsRefusedThoughNoNameRuleBlocksIt() throws Exception {
        FakeResolver dns = new FakeResolver().map("inside.rebind.test", LOOPBACK);
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       requests:
                         - name: no-loopback
                           action: block
                           to: [127.0.0.0/8, "::1"]
                         - name: anything-else
                           action: pass
                     """), dns);
             ScriptedSocksClient c5 = new ScriptedSocksClient(server.address());
             ScriptedSocksClient c4 = new ScriptedSocksClient(server.address())) {
            Socks5Reply r5 = c5.connect5(SocksAddress.domain("inside.rebind.test", echo.port()));
            assertThat(r5.reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            c5.close(); // a refused client that stays would be waited for (the refusal lingers up to 2 s)
            Session s5 = server.sessions().next();
            assertThat(s5.rule()).isEqualTo("no-loopback");
            Socks4Reply r4 = c4.connect4(SocksAddress.domain("inside.rebind.test", echo.port()), "");
            assertThat(r4.status()).isEqualTo(Socks4Status.REJECTED);
            c4.close();
            assertThat(server.sessions().next().rule()).isEqualTo("no-loopback");
            assertThat(echo.accepted()).isZero();
        }
    }

    @Test
    void blockedAddressesOfANameAreSkippedAndTheOthersTried() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback()) {
            FakeResolver dns = new FakeResolver().map("mixed.rebind.test", METADATA, LOOPBACK);
            try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null), dns);
                 ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                Socks5Reply r = c.connect5(SocksAddress.domain("mixed.rebind.test", echo.port()));
                assertThat(r.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                c.echo("through the allowed address".getBytes());
                c.close();
                Session s = server.sessions().next();
                assertThat(s.resolved()).isEqualTo(new InetSocketAddress(LOOPBACK, echo.port()));
                assertThat(s.rule()).as("the rule that passed the address used").isEqualTo("default");
                assertThat(s.error()).isNull();
            }
        }
    }

    /** PySocks with remote DNS and curl's socks5h:// both hand the name to the proxy: refused all the same. */
    @Test
    void realClientsPassingTheNameAreRefused() throws Exception {
        PolicySupport.requirePySocks();
        java.nio.file.Path script = java.nio.file.Files.createTempFile("pysocks", ".py");
        try (HttpTarget target = new HttpTarget(LOOPBACK);
             RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       requests:
                         - {name: no-loopback, action: block, to: 127.0.0.0/8}
                         - {action: pass}
                     """), new FakeResolver().map("evil.rebind.test", LOOPBACK))) {
            java.nio.file.Files.writeString(script, PolicySupport.PYSOCKS_SCRIPT);
            ExternalProgram.Result py = PolicySupport.pysocks(script, server.port(), "5", "evil.rebind.test",
                    target.port(), true, "GET / HTTP/1.0\r\n\r\n");
            assertThat(py.exitCode()).as("pysocks: %s", py).isEqualTo(2);
            assertThat(py.stderr()).contains("0x02");
            ExternalProgram.Result curl = PolicySupport.curl("--proxy", "socks5h://" + PolicySupport.proxy(server),
                    target.url("evil.rebind.test", "/"));
            assertThat(curl.exitCode()).as("curl: %s", curl).isEqualTo(CURLE_PROXY);
            assertThat(server.sessions().next().rule()).isEqualTo("no-loopback");
            assertThat(server.sessions().next().rule()).isEqualTo("no-loopback");
            assertThat(target.requests()).isZero();
        } finally {
            java.nio.file.Files.deleteIfExists(script);
        }
    }
}
