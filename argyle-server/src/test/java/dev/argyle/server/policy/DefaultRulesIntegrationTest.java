package dev.argyle.server.policy;

import static dev.argyle.server.policy.PolicySupport.CURLE_PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The built-in request rules against a running server. Every client here is on loopback, so "a remote client
 * may not reach the proxy's loopback" is shown with the default list as docs/rules.md prints it, with only
 * the loopback clients narrowed to 127.0.0.1: a client at 127.0.0.3 then plays the remote one.
 * {@link DefaultRulesTest} covers the real addresses without a server.
 */
class DefaultRulesIntegrationTest {
    @Test
    void aRequestForTheProxysOwnListenerIsALoopAndRefused() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            ExternalProgram.Result r = PolicySupport.curl("--socks5", PolicySupport.proxy(server),
                    "http://" + PolicySupport.proxy(server) + "/");

            assertThat(r.exitCode()).as("curl: %s", r).isEqualTo(CURLE_PROXY);
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo("0x02");
            assertThat(s.rule()).isEqualTo("default");
            assertThat(s.error()).contains("block to listeners");
            assertThat(server.sessions().openedCount()).as("the proxy never connected to itself").isEqualTo(1);
        }
    }

    @Test
    void linkLocalAddressesAreRefusedEvenForLoopbackClients() throws Exception {
        try (RunningServer server = RunningServer.start();
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            Socks5Reply r = c.connect5(SocksAddress.of(Facts.ip("169.254.169.254"), 80));
            assertThat(r.reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            c.close(); // a refused client that stays would be waited for (the refusal lingers up to 2 s)
            assertThat(server.sessions().next().error()).contains("169.254.0.0/16");
        }
    }

    @Test
    void aClientNotOnTheLoopbackListOfTheRulesCannotReachLoopback() throws Exception {
        String defaults = DocsRules.block("default-rules")
                .replace("from: [127.0.0.0/8, \"::1\"]", "from: 127.0.0.1");
        assertThat(defaults).contains("from: 127.0.0.1\n");
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(PolicySupport.config(defaults))) {
            SocksAddress dst = SocksAddress.of(echo.address());

            Socks5Reply remote = PolicySupport.connect5From(Facts.ip("127.0.0.3"), server.address(), dst);
            assertThat(remote.reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            Session refused = server.sessions().next();
            assertThat(refused.rule()).isEqualTo("default");
            assertThat(refused.error()).isEqualTo("blocked by the default request rule (block to 127.0.0.0/8,::1)");

            Socks5Reply local = PolicySupport.connect5From(InetAddress.getLoopbackAddress(), server.address(), dst);
            assertThat(local.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> echo.accepted() == 1);
        }
    }
}
