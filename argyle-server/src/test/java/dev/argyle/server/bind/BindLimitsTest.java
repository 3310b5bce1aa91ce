package dev.argyle.server.bind;

import static dev.argyle.server.bind.BindSupport.RIGHT_PEER;
import static dev.argyle.server.bind.BindSupport.awaitNoChannels;
import static dev.argyle.server.bind.BindSupport.awaitRefused;
import static dev.argyle.server.bind.BindSupport.bind4;
import static dev.argyle.server.bind.BindSupport.bind5;
import static dev.argyle.server.bind.BindSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.BindConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a BIND ends without its peer: accept timeout, the client leaving, a full port range. */
class BindLimitsTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void acceptTimeoutGivesTtlExpiredAndClosesTheListener() throws Exception {
        try (RunningServer server = RunningServer.start(BindSupport.config(BindSupport.bind(SHORT, false)))) {
            InetSocketAddress listening;
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                listening = bind5(c, ip(RIGHT_PEER, 0)).bound().toSocketAddress();
                assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.TTL_EXPIRED);
                assertThat(c.closedByServer()).isTrue();
            }
            awaitRefused(listening);
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo("0x06");
            assertThat(s.error()).contains("accept timeout").contains(RIGHT_PEER);
            awaitNoChannels(server);
        }
    }

    @Test
    void acceptTimeoutGivesSocks4Rejection() throws Exception {
        try (RunningServer server = RunningServer.start(BindSupport.config(BindSupport.bind(SHORT, false)))) {
            InetSocketAddress listening;
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                Socks4Reply first = bind4(c, ip(RIGHT_PEER, 0));
                assertThat(first.status()).isEqualTo(Socks4Status.GRANTED);
                listening = new InetSocketAddress(first.address(), first.port());
                assertThat(c.read(Socks4Reply.DECODER).status()).isEqualTo(Socks4Status.REJECTED);
                assertThat(c.closedByServer()).isTrue();
            }
            awaitRefused(listening);
            Session s = server.sessions().next();
            assertThat(s.reply()).isEqualTo("0x5b");
            assertThat(s.error()).contains("timeout");
            awaitNoChannels(server);
        }
    }

    @Test
    void clientLeavingFreesTheListenerAtOnce() throws Exception {
        try (RunningServer server = RunningServer.start(
                BindSupport.config(BindSupport.bind(Duration.ofMinutes(5), false)))) {
            InetSocketAddress listening;
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                listening = bind5(c, ip(RIGHT_PEER, 0)).bound().toSocketAddress();
            }
            awaitRefused(listening); // long before the 5-minute accept timeout
            assertThat(server.sessions().next().error()).contains("client closed");
            awaitNoChannels(server);
        }
    }

    @Test
    void clientResetFreesTheListenerAtOnce() throws Exception {
        try (RunningServer server = RunningServer.start(
                BindSupport.config(BindSupport.bind(Duration.ofMinutes(5), false)))) {
            InetSocketAddress listening;
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                listening = bind5(c, ip(RIGHT_PEER, 0)).bound().toSocketAddress();
                c.socket().setSoLinger(true, 0); // RST instead of FIN
            }
            awaitRefused(listening);
            server.sessions().next();
            awaitNoChannels(server);
        }
    }

    @Test
    void shutdownClosesAWaitingListener() throws Exception {
        RunningServer server = RunningServer.start(BindSupport.config(BindSupport.bind(Duration.ofMinutes(5), false)));
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            InetSocketAddress listening = bind5(c, ip(RIGHT_PEER, 0)).bound().toSocketAddress();
            server.close();
            assertThat(c.closedByServer()).isTrue();
            awaitRefused(listening);
            assertThat(server.server().openChannels()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void aRangeOfTwoPortsServesTwoBindsAndRefusesTheThird() throws Exception {
        int low = BindSupport.freePortPair();
        BindConfig range = new BindConfig(Duration.ofMinutes(5), low, low + 1, null, false);
        try (RunningServer server = RunningServer.start(BindSupport.config(range));
             ScriptedSocksClient first = new ScriptedSocksClient(server.address());
             ScriptedSocksClient second = new ScriptedSocksClient(server.address());
             ScriptedSocksClient third = new ScriptedSocksClient(server.address())) {
            Socks5Reply a = bind5(first, ip(RIGHT_PEER, 0));
            Socks5Reply b = bind5(second, ip(RIGHT_PEER, 0));
            assertThat(a.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertThat(b.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertThat(a.bound().port()).isBetween(low, low + 1);
            assertThat(b.bound().port()).isBetween(low, low + 1).isNotEqualTo(a.bound().port());

            assertThat(bind5(third, ip(RIGHT_PEER, 0)).reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
            assertThat(third.closedByServer()).isTrue();
            third.close(); // the refusal lingers until the client closes
            Session refused = server.sessions().next();
            assertThat(refused.reply()).isEqualTo("0x01");
            assertThat(refused.error()).contains("no free port in " + low + "-" + (low + 1));

            first.close();
            second.close();
            awaitRefused(a.bound().toSocketAddress());
            awaitRefused(b.bound().toSocketAddress());
            awaitNoChannels(server);
        }
    }
}
