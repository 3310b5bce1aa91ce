package dev.argyle.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.server.udp.DropReason;
import dev.argyle.testkit.ScriptedSocksClient;
import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** BIND and UDP ASSOCIATE under request rules: the BIND request is checked, UDP once per destination. */
class CommandRulesTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void bindCanBeBlockedForBothVersions() throws Exception {
        try (RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       requests:
                         - {name: no-bind, action: block, commands: bind}
                         - {action: pass}
                     """));
             ScriptedSocksClient c5 = new ScriptedSocksClient(server.address());
             ScriptedSocksClient c4 = new ScriptedSocksClient(server.address())) {
            Socks5Reply r5 = PolicySupport.request5(c5, Command.BIND, SocksAddress.of(LOOPBACK, 0));
            assertThat(r5.reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            c4.send(new Socks4Request(Command.BIND, SocksAddress.of(LOOPBACK, 0), ""));
            assertThat(c4.read(Socks4Reply.DECODER).status()).isEqualTo(Socks4Status.REJECTED);
            c5.close(); // a refused client that stays would be waited for (the refusal lingers up to 2 s)
            c4.close();
            assertThat(server.sessions().next().rule()).isEqualTo("no-bind");
            assertThat(server.sessions().next().rule()).isEqualTo("no-bind");
        }
    }

    @Test
    void bindIsCheckedAgainstThePeerItNames() throws Exception {
        try (RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       requests:
                         - {name: no-peer-3, action: block, commands: bind, to: 127.0.0.3}
                         - {action: pass}
                     """));
             ScriptedSocksClient refused = new ScriptedSocksClient(server.address());
             ScriptedSocksClient allowed = new ScriptedSocksClient(server.address())) {
            assertThat(PolicySupport.request5(refused, Command.BIND, SocksAddress.of(Facts.ip("127.0.0.3"), 0)).reply())
                    .isEqualTo(ReplyCode.NOT_ALLOWED);
            refused.close();
            assertThat(server.sessions().next().rule()).isEqualTo("no-peer-3");
            Socks5Reply listening = PolicySupport.request5(allowed, Command.BIND, SocksAddress.of(LOOPBACK, 0));
            assertThat(listening.reply()).isEqualTo(ReplyCode.SUCCEEDED);
        }
    }

    @Test
    void udpAssociateCanBeBlockedAsAWhole() throws Exception {
        try (RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       requests:
                         - {name: no-udp, action: block, commands: udp}
                         - {action: pass}
                     """));
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            Socks5Reply r = PolicySupport.request5(c, Command.UDP_ASSOCIATE, SocksAddress.unspecifiedIpv4());
            assertThat(r.reply()).isEqualTo(ReplyCode.NOT_ALLOWED);
            c.close();
            assertThat(server.sessions().next().rule()).isEqualTo("no-udp");
        }
    }

    @Test
    void udpDestinationsAreCheckedOncePerAssociationAndBlockedOnesDropped() throws Exception {
        try (UdpEchoServer allowed = UdpEchoServer.onLoopback();
             UdpEchoServer blocked = UdpEchoServer.onLoopback();
             PolicySupport.RulesLog log = new PolicySupport.RulesLog();
             RunningServer server = RunningServer.start(PolicySupport.config("""
                     rules:
                       requests:
                         - name: no-second-echo
                           action: block
                           commands: udp
                           to: 127.0.0.1
                           ports: %d
                           log: true
                         - {name: rest, action: pass, log: true}
                     """.formatted(blocked.port())));
             ScriptedSocksClient control = new ScriptedSocksClient(server.address());
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Socks5Reply reply = PolicySupport.request5(control, Command.UDP_ASSOCIATE,
                    SocksAddress.of(LOOPBACK, udp.getLocalPort()));
            assertThat(reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            InetSocketAddress relay = reply.bound().toSocketAddress();
            udp.setSoTimeout(5_000);

            for (int i = 0; i < 3; i++) {
                send(udp, relay, SocksAddress.of(blocked.address()), "blocked " + i);
                send(udp, relay, SocksAddress.of(allowed.address()), "allowed " + i);
                assertThat(new String(receive(udp))).isEqualTo("allowed " + i);
            }
            assertThat(blocked.count()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.server().udpCounters().dropped(DropReason.BLOCKED) == 3);
            assertThat(log.lines()).as("one decision per destination, not per datagram").hasSize(2);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("blocked by request rule no-second-echo",
                    "cmd=udp", "dst=127.0.0.1:" + blocked.port()));
            control.close();
            Session s = server.sessions().next();
            assertThat(s.datagramsDropped()).isEqualTo(3);
            assertThat(s.rule()).as("the first rule that passed a destination").isEqualTo("rest");
            assertThat(AccessLog.format(s)).contains("dropped=3", "dsts=2", " rule=rest ");
        }
    }

    private static void send(DatagramSocket udp, InetSocketAddress relay, SocksAddress to, String text) throws Exception {
        byte[] header = new Socks5UdpHeader(0, to).toBytes();
        byte[] payload = text.getBytes();
        byte[] all = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, all, header.length, payload.length);
        udp.send(new DatagramPacket(all, all.length, relay));
    }

    private static byte[] receive(DatagramSocket udp) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            udp.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram back from the relay within 5 s", e);
        }
        ByteBuffer view = ByteBuffer.wrap(buf, 0, p.getLength());
        if (!(Socks5UdpHeader.DECODER.decode(view) instanceof DecodeResult.Done<Socks5UdpHeader>)) {
            throw new AssertionError("reply without a SOCKS header");
        }
        return Arrays.copyOfRange(buf, view.position(), p.getLength());
    }
}
