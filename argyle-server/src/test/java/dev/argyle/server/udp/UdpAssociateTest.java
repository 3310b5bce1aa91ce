package dev.argyle.server.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.FakeResolver;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.UdpConfig;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.server.config.Timeouts;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.testkit.ScriptedSocksClient;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.TimeUnit;
import dev.argyle.testkit.UdpEchoServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UDP ASSOCIATE over real loopback sockets: addresses, source rules, and the association's lifetime. */
class UdpAssociateTest {
    static final String NAME = "udp-target.test";
    private static final Duration SILENCE = Duration.ofMillis(300);

    private UdpEchoServer echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = UdpEchoServer.onLoopback();
    }

    @AfterEach
    void stopEcho() {
        echo.close();
    }

    @Test
    void ipv4RoundTripRepliesWithTheControlConnectionsAddress() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            try (UdpTestClient c = UdpTestClient.exact(server.address())) {
                assertThat(c.reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(c.relay().getAddress()).isEqualTo(c.control.socket().getInetAddress());
                assertThat(c.relay().getAddress().isAnyLocalAddress()).isFalse();
                assertThat(c.relay().getPort()).isPositive().isNotEqualTo(server.port());

                UdpTestClient.Reply r = c.roundTrip(SocksAddress.of(echo.address()), bytes("hello udp"));

                assertThat(r.payload()).isEqualTo(bytes("hello udp"));
                assertThat(r.header().fragment()).isZero();
                assertThat(r.header().destination()).isEqualTo(SocksAddress.of(echo.address()));
            }
            Session s = server.sessions().next();
            assertThat(s.command()).isEqualTo(Command.UDP_ASSOCIATE);
            assertThat(s.reply()).isEqualTo("0x00");
            assertThat(s.error()).isNull();
            assertThat(s.datagramsUp()).isEqualTo(1);
            assertThat(s.datagramsDown()).isEqualTo(1);
            assertThat(s.bytesUp()).isEqualTo(9);
            assertThat(s.bytesDown()).isEqualTo(9);
            assertThat(s.destinations()).isEqualTo(1);
            assertThat(AccessLog.format(s)).contains("cmd=udp", "dgrams=1/1", "dropped=0", "dsts=1", "up=9 down=9");
        }
    }

    @Test
    void theLargestDatagramsRoundTrip() throws Exception {
        try (RunningServer server = RunningServer.start(); UdpTestClient c = UdpTestClient.exact(server.address())) {
            byte[] largest = new byte[65_507 - 10]; // IPv4's limit, less the header
            new java.util.Random(3).nextBytes(largest);
            for (int i = 0; i < 3; i++) {
                assertThat(c.roundTrip(SocksAddress.of(echo.address()), largest).payload()).isEqualTo(largest);
                assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("small " + i)).payload())
                        .isEqualTo(bytes("small " + i));
            }
            assertThat(server.server().udpCounters().bytesUp()).isEqualTo(3L * largest.length + 3 * 7);
        }
    }

    @Test
    void ipv6Destination() throws Exception {
        InetAddress v6 = ipv6Loopback();
        try (UdpEchoServer echo6 = new UdpEchoServer(v6); RunningServer server = RunningServer.start();
             UdpTestClient c = UdpTestClient.exact(server.address())) {
            UdpTestClient.Reply r = c.roundTrip(SocksAddress.of(echo6.address()), bytes("over ipv6"));

            assertThat(r.payload()).isEqualTo(bytes("over ipv6"));
            assertThat(r.header().destination().address()).isEqualTo(v6);
            assertThat(r.header().destination().port()).isEqualTo(echo6.port());
        }
    }

    @Test
    void ipv6ControlConnectionGetsAnIpv6Relay() throws Exception {
        InetAddress v6 = ipv6Loopback();
        ServerConfig config = ServerConfig.defaults().withListeners(List.of(
                new ListenerConfig(new InetSocketAddress(v6, 0), AuthMode.NONE, false)));
        try (RunningServer server = RunningServer.start(config);
             UdpTestClient c = new UdpTestClient(server.address(), v6, null)) {
            assertThat(c.relay().getAddress()).isEqualTo(v6);

            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("v6 client, v4 target")).payload())
                    .isEqualTo(bytes("v6 client, v4 target"));
        }
    }

    @Test
    void domainDestinationIsResolvedOnceByTheServer() throws Exception {
        FakeResolver resolver = new FakeResolver().map(NAME, InetAddress.getLoopbackAddress());
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null), resolver)) {
            try (UdpTestClient c = UdpTestClient.exact(server.address())) {
                SocksAddress named = SocksAddress.domain(NAME, echo.port());
                for (int i = 0; i < 3; i++) {
                    UdpTestClient.Reply r = c.roundTrip(named, bytes("by name " + i));
                    assertThat(r.payload()).isEqualTo(bytes("by name " + i));
                    // Replies name their real source, an address.
                    assertThat(r.header().destination()).isEqualTo(SocksAddress.of(echo.address()));
                }
                c.send(SocksAddress.domain("unknown.test", echo.port()), bytes("lost"));
                c.send(SocksAddress.domain(NAME, echo.port()), bytes("after the unknown name"));
                assertThat(c.receive(Duration.ofSeconds(5)).payload()).isEqualTo(bytes("after the unknown name"));
                assertThat(server.server().udpCounters().dropped(DropReason.UNRESOLVED)).isEqualTo(1);
            }
            Session s = server.sessions().next();
            assertThat(s.destinations()).isEqualTo(2);
            assertThat(s.datagramsUp()).isEqualTo(4);
            assertThat(s.datagramsDropped()).isEqualTo(1);
        }
        assertThat(echo.count()).isEqualTo(4);
    }

    @Test
    void datagramsWaitForANameBeingResolved() throws Exception {
        // Answers after 200 ms, as a real DNS lookup would: the datagrams sent meanwhile wait, then all go.
        Resolver slow = (host, executor) -> {
            Promise<List<InetAddress>> p = executor.newPromise();
            if (host.equals(FakeResolver.HANGING)) {
                return p; // never answers
            }
            executor.schedule(() -> p.setSuccess(List.of(InetAddress.getLoopbackAddress())), 200, TimeUnit.MILLISECONDS);
            return p;
        };
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withTimeouts(Timeouts.defaults().withResolve(Duration.ofMillis(500)));
        try (RunningServer server = RunningServer.start(config, slow);
             UdpTestClient c = UdpTestClient.exact(server.address())) {
            for (int i = 0; i < 3; i++) {
                c.send(SocksAddress.domain(NAME, echo.port()), bytes("waiting " + i));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(c.receive(Duration.ofSeconds(5)).payload()).isEqualTo(bytes("waiting " + i));
            }
            // A name that never resolves: its datagrams wait for the resolve timeout, then are dropped.
            c.send(SocksAddress.domain(FakeResolver.HANGING, echo.port()), bytes("never"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.server().udpCounters().dropped(DropReason.UNRESOLVED) == 1);
            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("fine")).payload()).isEqualTo(bytes("fine"));
        }
    }

    @Test
    void learnsTheSourceFromTheFirstDatagramThenRejectsOthers() throws Exception {
        try (RunningServer server = RunningServer.start(); UdpTestClient c = UdpTestClient.learning(server.address());
             DatagramSocket second = loopbackSocket()) {
            assertThat(c.succeeded()).isTrue();
            assertThat(c.relay().getAddress().isAnyLocalAddress()).isFalse();
            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("first")).payload()).isEqualTo(bytes("first"));

            byte[] fromSecond = UdpTestClient.datagram(0, SocksAddress.of(echo.address()), bytes("intruder"));
            second.send(new DatagramPacket(fromSecond, fromSecond.length, c.relay()));

            assertThat(receive(second, SILENCE)).as("the stranger gets nothing back").isNull();
            assertThat(c.receive(SILENCE)).as("nor is anything relayed for it").isNull();
            assertThat(echo.count()).isEqualTo(1);
            assertThat(server.server().udpCounters().dropped(DropReason.STRANGER)).isEqualTo(1);
            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("still mine")).payload())
                    .isEqualTo(bytes("still mine"));
        }
    }

    @Test
    void anotherHostsAddressOrPortZeroIsLearnedLikeZeroes() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        // A client behind NAT names its private address; one that has not bound yet names port 0.
        for (SocksAddress declared : List.of(SocksAddress.of(InetAddress.getByName("192.0.2.1"), 4000),
                SocksAddress.of(loopback, 0), SocksAddress.of(InetAddress.getByName("::"), 4000))) {
            try (RunningServer server = RunningServer.start();
                 UdpTestClient c = new UdpTestClient(server.address(), loopback, declared)) {
                assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("learned")).payload())
                        .as("declared %s", declared).isEqualTo(bytes("learned"));
            }
        }
    }

    @Test
    void socks4HasNoUdpAssociate() throws Exception {
        try (RunningServer server = RunningServer.start();
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            c.send(new Socks4Request(Command.UDP_ASSOCIATE, SocksAddress.of(echo.address()), ""));
            assertThat(c.read(Socks4Reply.DECODER).status()).isEqualTo(Socks4Status.REJECTED);
            assertThat(server.sessions().next().reply()).isEqualTo("0x5b");
        }
    }

    @Test
    void declaredSourceIsTheOnlyOneAccepted() throws Exception {
        try (RunningServer server = RunningServer.start(); UdpTestClient c = UdpTestClient.exact(server.address());
             DatagramSocket second = loopbackSocket()) {
            // The stranger speaks first: with a declared source, it is not learned.
            byte[] fromSecond = UdpTestClient.datagram(0, SocksAddress.of(echo.address()), bytes("intruder"));
            second.send(new DatagramPacket(fromSecond, fromSecond.length, c.relay()));

            assertThat(receive(second, SILENCE)).isNull();
            assertThat(echo.count()).isZero();
            assertThat(server.server().udpCounters().dropped(DropReason.STRANGER)).isEqualTo(1);
            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("mine")).payload()).isEqualTo(bytes("mine"));
        }
    }

    @Test
    void closingTheControlConnectionClosesTheAssociation() throws Exception {
        try (RunningServer server = RunningServer.start(); UdpTestClient c = UdpTestClient.exact(server.address())) {
            c.roundTrip(SocksAddress.of(echo.address()), bytes("before"));
            assertThat(server.server().openChannels()).isEqualTo(3); // control, relay, outbound

            c.control.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openChannels() == 0);
            Session s = server.sessions().next();
            assertThat(s.error()).isNull();
            c.send(SocksAddress.of(echo.address()), bytes("after"));
            assertThat(c.receive(SILENCE)).isNull();
            assertThat(echo.count()).isEqualTo(1);
        }
    }

    @Test
    void clientEofOnTheControlConnectionClosesTheAssociation() throws Exception {
        try (RunningServer server = RunningServer.start(); UdpTestClient c = UdpTestClient.exact(server.address())) {
            c.roundTrip(SocksAddress.of(echo.address()), bytes("before"));

            c.control.socket().shutdownOutput();

            assertThat(c.control.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openChannels() == 0);
            assertThat(server.sessions().next().error()).isNull();
        }
    }

    @Test
    void bytesOnTheControlConnectionAreIgnored() throws Exception {
        try (RunningServer server = RunningServer.start(); UdpTestClient c = UdpTestClient.exact(server.address())) {
            c.control.send(bytes("not part of the protocol"));
            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("fine")).payload()).isEqualTo(bytes("fine"));
        }
    }

    @Test
    void idleAssociationIsClosed() throws Exception {
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withUdp(new UdpConfig(Duration.ofMillis(400), true, Duration.ofSeconds(5), 65536));
        try (RunningServer server = RunningServer.start(config); UdpTestClient c = UdpTestClient.exact(server.address())) {
            long associated = System.nanoTime(); // the session started before this
            long lastSent = 0;
            // Traffic keeps it open past the timeout...
            for (int i = 0; i < 4; i++) {
                lastSent = System.nanoTime();
                c.roundTrip(SocksAddress.of(echo.address()), bytes("keepalive " + i));
                assertThat(c.receive(Duration.ofMillis(150))).isNull();
            }
            // ...silence ends it, and the client sees its control connection closed.
            assertThat(c.control.closedByServer()).isTrue();
            Session s = server.sessions().next();
            assertThat(s.error()).isEqualTo("udp idle timeout");
            assertThat(s.durationMillis()).isGreaterThanOrEqualTo((lastSent - associated) / 1_000_000 + 400);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openChannels() == 0);
        }
    }

    @Test
    void manyAssociationsLeaveNothingBehind() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            for (int i = 0; i < 30; i++) {
                try (UdpTestClient c = i % 2 == 0 ? UdpTestClient.exact(server.address())
                        : UdpTestClient.learning(server.address())) {
                    c.roundTrip(SocksAddress.of(echo.address()), bytes("round " + i));
                    if (i % 3 == 0) {
                        c.control.socket().setSoLinger(true, 0); // reset instead of FIN
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
            assertThat(server.server().udpCounters().associations()).isEqualTo(30);
            assertThat(server.server().udpCounters().droppedTotal()).isZero();
        }
    }

    static InetAddress ipv6Loopback() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        boolean usable;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            usable = true;
        } catch (IOException e) {
            usable = false;
        }
        assumeThat(usable).as("::1 is configured").isTrue();
        return v6;
    }

    static DatagramSocket loopbackSocket() throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** The payload of the next datagram on {@code s}, or null if none comes within {@code timeout}. */
    static byte[] receive(DatagramSocket s, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
        return java.util.Arrays.copyOf(buf, p.getLength());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
