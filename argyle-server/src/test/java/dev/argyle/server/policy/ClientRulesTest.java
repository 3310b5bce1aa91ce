package dev.argyle.server.policy;

import static dev.argyle.server.policy.PolicySupport.CURLE_PROXY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client rules, checked on accept: a blocked client is closed before anything is read, and the access log says
 * which rule did it. A second listener on 127.0.0.2 and clients bound to other loopback addresses stand in for
 * other networks.
 */
class ClientRulesTest {
    private static final InetAddress SECOND = Facts.ip("127.0.0.2");
    private static final InetAddress OTHER_CLIENT = Facts.ip("127.0.0.3");

    private static RunningServer twoListeners(String rulesYaml) throws Exception {
        List<ListenerConfig> listeners = List.of(
                new ListenerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), AuthMode.NONE, false),
                new ListenerConfig(new InetSocketAddress(SECOND, 0), AuthMode.NONE, false));
        return RunningServer.start(PolicySupport.config(rulesYaml).withListeners(listeners));
    }

    @Test
    void aListenerRuleClosesClientsOfThatListenerWithoutReading() throws Exception {
        try (HttpTarget target = new HttpTarget(InetAddress.getLoopbackAddress());
             RunningServer server = twoListeners("""
                     rules:
                       clients:
                         - name: not-on-second
                           action: block
                           listener: 127.0.0.2:0
                         - name: loopback
                           action: pass
                           from: 127.0.0.0/8
                     """)) {
            InetSocketAddress second = server.server().boundAddresses().get(1);
            ExternalProgram.Result refused = PolicySupport.curl("--socks5", PolicySupport.proxy(second),
                    target.url("127.0.0.1", "/"));
            assertThat(refused.exitCode()).as("curl: %s", refused).isEqualTo(CURLE_PROXY);
            Session s = server.sessions().next();
            assertThat(s.rule()).isEqualTo("not-on-second");
            assertThat(s.version()).as("nothing was read, not even the version byte").isZero();
            assertThat(s.reply()).isEqualTo("-");
            assertThat(s.error()).isEqualTo("blocked by client rule not-on-second (block listener 127.0.0.2:0)");
            assertThat(AccessLog.format(s)).contains("listener=127.0.0.2:" + second.getPort(), " rule=not-on-second ");

            ExternalProgram.Result ok = PolicySupport.curl("--socks5", PolicySupport.proxy(server), target.url("127.0.0.1", "/ok"));
            assertThat(ok.exitCode()).as("curl: %s", ok).isZero();
            Session passed = server.sessions().next();
            assertThat(passed.reply()).isEqualTo("0x00");
            assertThat(passed.rule()).as("the request rule that decided, not the client rule").isEqualTo("default");
            assertThat(target.requests()).isEqualTo(1);
        }
    }

    @Test
    void aFromRuleTellsClientsApartByAddress() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       clients:
                         - name: not-from-3
                           action: block
                           from: 127.0.0.3
                           log: true
                         - action: pass
                     """));
             PolicySupport.RulesLog log = new PolicySupport.RulesLog()) {
            SocksAddress dst = SocksAddress.of(echo.address());
            assertThat(PolicySupport.connect5From(OTHER_CLIENT, server.address(), dst)).as("closed without a reply").isNull();
            Session blocked = server.sessions().next();
            assertThat(blocked.client().getAddress()).isEqualTo(OTHER_CLIENT);
            assertThat(blocked.rule()).isEqualTo("not-from-3");
            assertThat(blocked.version()).isZero();
            assertThat(log.lines()).singleElement().asString()
                    .contains("blocked by client rule not-from-3", "client=127.0.0.3:");

            Socks5Reply reply = PolicySupport.connect5From(InetAddress.getLoopbackAddress(), server.address(), dst);
            assertThat(reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertThat(server.sessions().next().rule()).isEqualTo("default");
        }
    }

    /** The default: a loopback listener admits loopback clients (every other test depends on it too). */
    @Test
    void theDefaultAdmitsLoopbackClientsOnALoopbackListener() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            Socks5Reply reply = PolicySupport.connect5From(OTHER_CLIENT, server.address(), SocksAddress.of(echo.address()));
            assertThat(reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
        }
    }
}
