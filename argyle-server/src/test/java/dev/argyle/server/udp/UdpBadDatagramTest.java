package dev.argyle.server.udp;

import static dev.argyle.server.udp.UdpAssociateTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Datagrams that are not what RFC 1928 section 7 describes are dropped and counted; the association, and
 * every other one, carries on as if nothing happened.
 */
class UdpBadDatagramTest {
    private static final Duration SILENCE = Duration.ofMillis(300);

    @Test
    void malformedDatagramsAreDroppedAndTheAssociationStillWorks() throws Exception {
        List<byte[]> malformed = List.of(
                new byte[0],                                      // empty
                new byte[] {0},                                   // shorter than RSV
                new byte[] {0, 0, 0},                             // no ATYP
                new byte[] {0, 0, 0, 5, 127, 0, 0, 1, 0, 7},      // unknown ATYP
                new byte[] {0, 0, 0, 0, 127, 0, 0, 1, 0, 7},      // ATYP 0
                new byte[] {0, 0, 0, 1, 127, 0, 0},               // IPv4 address cut short
                new byte[] {0, 0, 0, 1, 127, 0, 0, 1, 0},         // port cut short
                new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0},  // IPv6 address cut short
                new byte[] {0, 0, 0, 3},                          // no name length
                new byte[] {0, 0, 0, 3, 10, 'a', 'b'},            // name length past the end
                new byte[] {0, 0, 0, 3, (byte) 255, 'a', 'b', 'c'}, // longest name length, past the end
                new byte[] {0, 0, 0, 3, 0, 0, 7, 'x'});           // empty name
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start()) {
            try (UdpTestClient c = UdpTestClient.exact(server.address())) {
                SocksAddress target = SocksAddress.of(echo.address());
                for (byte[] bad : malformed) {
                    c.sendRaw(bad);
                }
                assertThat(c.roundTrip(target, bytes("still here")).payload()).isEqualTo(bytes("still here"));
                assertThat(server.server().udpCounters().dropped(DropReason.MALFORMED)).isEqualTo(malformed.size());
                assertThat(echo.count()).isEqualTo(1);
            }
            Session s = server.sessions().next();
            assertThat(s.datagramsDropped()).isEqualTo(malformed.size());
            assertThat(s.error()).isNull();
        }
    }

    @Test
    void unusableDestinationsAreDroppedAsNoRoute() throws Exception {
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start();
             UdpTestClient c = UdpTestClient.exact(server.address())) {
            c.send(SocksAddress.of(InetAddress.getByName("0.0.0.0"), echo.port()), bytes("nowhere"));
            c.send(SocksAddress.of(InetAddress.getByName("::"), echo.port()), bytes("nowhere"));
            c.send(SocksAddress.of(InetAddress.getLoopbackAddress(), 0), bytes("port 0"));
            c.send(SocksAddress.domain("0.0.0.0", echo.port()), bytes("a literal as a name"));

            assertThat(c.roundTrip(SocksAddress.of(echo.address()), bytes("ok")).payload()).isEqualTo(bytes("ok"));
            assertThat(server.server().udpCounters().dropped(DropReason.NO_ROUTE)).isEqualTo(4);
            assertThat(echo.count()).isEqualTo(1);
        }
    }

    @Test
    void emptyPayloadsAreDroppedAndNothingIsSentTwice() throws Exception {
        // Netty cannot send a zero-length datagram; epoll's sendmmsg batch then sent the ones after it twice.
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start();
             UdpTestClient c = UdpTestClient.exact(server.address())) {
            SocksAddress target = SocksAddress.of(echo.address());
            for (int round = 0; round < 20; round++) {
                c.send(target, new byte[0]);
                c.send(target, bytes("a" + round));
                c.send(target, new byte[0]);
                c.send(target, bytes("b" + round));
            }
            c.sendFragment(1, target, new byte[0]);
            c.sendFragment(0x82, target, new byte[0]);
            for (int round = 0; round < 20; round++) {
                assertThat(new String(echo.next(Duration.ofSeconds(5)).payload())).isEqualTo("a" + round);
                assertThat(new String(echo.next(Duration.ofSeconds(5)).payload())).isEqualTo("b" + round);
                assertThat(c.receive(Duration.ofSeconds(5)).payload()).isEqualTo(bytes("a" + round));
                assertThat(c.receive(Duration.ofSeconds(5)).payload()).isEqualTo(bytes("b" + round));
            }
            assertThat(c.roundTrip(target, bytes("last")).payload()).isEqualTo(bytes("last"));
            assertThat(new String(echo.next(Duration.ofSeconds(5)).payload())).isEqualTo("last");
            assertThat(echo.count()).isEqualTo(41);
            assertThat(server.server().udpCounters().dropped(DropReason.EMPTY)).isEqualTo(41);
        }
    }

    @Test
    void repliesFromAnyHostAreRelayedUnlessTooLargeForTheHeader() throws Exception {
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start();
             UdpTestClient c = UdpTestClient.exact(server.address());
             DatagramSocket remote = UdpAssociateTest.loopbackSocket()) {
            c.roundTrip(SocksAddress.of(echo.address()), bytes("learn the outbound socket"));
            InetSocketAddress outbound = echo.next(Duration.ofSeconds(5)).sender();

            byte[] huge = new byte[65_507]; // the most IPv4 carries: no room left for the SOCKS header
            remote.send(new DatagramPacket(huge, huge.length, outbound));
            remote.send(new DatagramPacket(bytes("unsolicited"), 11, outbound));

            UdpTestClient.Reply r = c.receive(Duration.ofSeconds(5));
            assertThat(r.payload()).isEqualTo(bytes("unsolicited"));
            assertThat(r.header().destination()).isEqualTo(SocksAddress.of(
                    (InetSocketAddress) remote.getLocalSocketAddress()));
            assertThat(server.server().udpCounters().dropped(DropReason.OVERSIZE)).isEqualTo(1);

            byte[] largest = new byte[65_507 - 10];
            remote.send(new DatagramPacket(largest, largest.length, outbound));
            assertThat(c.receive(Duration.ofSeconds(5)).payload()).hasSize(largest.length);
        }
    }

    @Test
    void aFloodAtADeadAssociationDisturbsNoOtherOne() throws Exception {
        try (UdpEchoServer echo = UdpEchoServer.onLoopback(); RunningServer server = RunningServer.start();
             UdpTestClient bystander = UdpTestClient.exact(server.address())) {
            SocksAddress target = SocksAddress.of(echo.address());
            UdpTestClient dead = UdpTestClient.exact(server.address());
            dead.roundTrip(target, bytes("alive"));
            dead.control.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openChannels() == 3);

            byte[] datagram = UdpTestClient.datagram(0, target, new byte[512]);
            for (int i = 0; i < 2000; i++) {
                dead.sendRaw(datagram);
                if (i % 500 == 0) {
                    assertThat(bystander.roundTrip(target, bytes("bystander " + i)).payload())
                            .isEqualTo(bytes("bystander " + i));
                }
            }
            dead.udp.close();
            assertThat(bystander.receive(SILENCE)).isNull();
            assertThat(bystander.roundTrip(target, bytes("unharmed")).payload()).isEqualTo(bytes("unharmed"));
            assertThat(echo.count()).isEqualTo(1 + 4 + 1);
            assertThat(server.server().openChannels()).isEqualTo(3);
        }
    }
}
