package dev.argyle.server.udp;

import static dev.argyle.server.udp.UdpAssociateTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.UdpConfig;
import dev.argyle.testkit.UdpEchoServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 1928 section 7 fragmentation through a real association: in-order fragments arrive at the destination
 * as one datagram; a gap, a reordering, a late fragment or a change of destination drops the whole datagram;
 * the queue's memory stays within {@code udp.reassembly-max-bytes}.
 */
class UdpFragmentationTest {
    private static final int MAX_BYTES = 4096;
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private UdpEchoServer echo;
    private RunningServer server;
    private UdpTestClient client;
    private SocksAddress target;

    @BeforeEach
    void start() throws IOException {
        echo = UdpEchoServer.onLoopback();
        target = SocksAddress.of(echo.address());
        start(true);
    }

    private void start(boolean fragments) throws IOException {
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withUdp(new UdpConfig(Duration.ofMinutes(1), fragments, TIMEOUT, MAX_BYTES));
        server = RunningServer.start(config);
        client = UdpTestClient.exact(server.address());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        echo.close();
    }

    @Test
    void inOrderFragmentsReachTheDestinationAsOneDatagram() throws Exception {
        client.sendFragment(1, target, bytes("one,"));
        client.sendFragment(2, target, bytes("two,"));
        client.sendFragment(0x83, target, bytes("three"));

        assertThat(text(echo.next(WAIT))).isEqualTo("one,two,three");
        UdpTestClient.Reply back = client.receive(WAIT);
        assertThat(back.header().fragment()).isZero();
        assertThat(new String(back.payload())).isEqualTo("one,two,three");
        assertThat(counters().reassembled()).isEqualTo(1);
        assertThat(counters().dropped(DropReason.FRAGMENT)).isZero();
        assertThat(echo.count()).isEqualTo(1);
    }

    @Test
    void aSingleLastFragmentIsADatagram() throws Exception {
        client.sendFragment(0x81, target, bytes("alone"));
        assertThat(text(echo.next(WAIT))).isEqualTo("alone");
    }

    @Test
    void aMissingFragmentDropsTheWholeDatagram() throws Exception {
        client.sendFragment(1, target, bytes("one,"));
        client.sendFragment(0x83, target, bytes("three"));

        assertOnlyTheNextStandaloneArrives();
        assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(2);
    }

    @Test
    void reorderedFragmentsDropTheWholeDatagram() throws Exception {
        client.sendFragment(1, target, bytes("one,"));
        client.sendFragment(3, target, bytes("three,"));
        client.sendFragment(2, target, bytes("two,"));
        client.sendFragment(0x84, target, bytes("four"));

        assertOnlyTheNextStandaloneArrives();
        assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(4);
    }

    @Test
    void aLateFragmentDropsTheWholeDatagram() throws Exception {
        client.sendFragment(1, target, bytes("one,"));
        client.sendFragment(2, target, bytes("two,"));
        // The reassembly timer abandons the queue...
        await().atMost(WAIT).until(() -> counters().abandonedQueues() == 1);
        assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(2);
        // ...so the last fragment, now late, has nothing to complete.
        client.sendFragment(0x83, target, bytes("three"));

        assertOnlyTheNextStandaloneArrives();
        assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(3);
    }

    @Test
    void fragmentsNamingAnotherDestinationDropTheWholeDatagram() throws Exception {
        try (UdpEchoServer other = UdpEchoServer.onLoopback()) {
            client.sendFragment(1, target, bytes("one,"));
            client.sendFragment(0x82, SocksAddress.of(other.address()), bytes("two"));

            assertOnlyTheNextStandaloneArrives();
            assertThat(other.count()).isZero();
            assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(2);
        }
    }

    @Test
    void aStandaloneDatagramAbandonsAQueueInProgress() throws Exception {
        client.sendFragment(1, target, bytes("one,"));
        assertOnlyTheNextStandaloneArrives();
        client.sendFragment(0x82, target, bytes("two"));
        assertThat(client.roundTrip(target, bytes("next")).payload()).isEqualTo(bytes("next"));
        assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(2);
        assertThat(counters().reassembled()).isZero();
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfFragments() throws Exception {
        byte[] kilobyte = new byte[1000];
        try (UdpEchoServer pacer = UdpEchoServer.onLoopback()) {
            for (int round = 0; round < 50; round++) {
                // A first fragment every round (each abandons the previous queue), then more until over the limit.
                for (int frag = 1; frag <= 6; frag++) {
                    client.sendFragment(frag, target, kilobyte);
                }
                if (round % 5 == 4) {
                    // Pace the flood (so the kernel drops none and the counts are exact) without touching target.
                    client.roundTrip(SocksAddress.of(pacer.address()), bytes("pace"));
                }
            }
        }
        client.sendFragment(1, target, new byte[MAX_BYTES + 1]); // alone over the limit
        assertOnlyTheNextStandaloneArrives();
        UdpCounters c = counters();
        // Fragments 1-4 fit (4000 bytes), fragment 5 would pass 4096: the queue goes, fragment 6 has no queue.
        assertThat(c.reassemblyPeakBytes()).isEqualTo(4000);
        assertThat(c.dropped(DropReason.FRAGMENT)).isEqualTo(50 * 6 + 1);
        assertThat(c.abandonedQueues()).isEqualTo(50);
        assertThat(c.reassembled()).isZero();

        // A datagram that fits still goes through afterwards.
        byte[] half = new byte[MAX_BYTES / 2];
        Arrays.fill(half, (byte) 'x');
        client.sendFragment(1, target, half);
        client.sendFragment(0x82, target, half);
        assertThat(echo.next(WAIT).payload()).hasSize(MAX_BYTES);
        assertThat(counters().reassemblyPeakBytes()).isEqualTo(MAX_BYTES);
    }

    @Test
    void fragmentsAreDroppedWhenTurnedOff() throws Exception {
        client.close();
        server.close();
        start(false);
        client.sendFragment(1, target, bytes("one,"));
        client.sendFragment(0x82, target, bytes("two"));

        assertOnlyTheNextStandaloneArrives();
        assertThat(counters().dropped(DropReason.FRAGMENT)).isEqualTo(2);
        assertThat(server.server().udpCounters().reassemblyPeakBytes()).isZero();
    }

    /**
     * Sends a standalone datagram and checks it is the first thing the destination got since the test began
     * (datagrams from one socket are handled in order, so everything sent before it has been dealt with).
     */
    private void assertOnlyTheNextStandaloneArrives() throws Exception {
        assertThat(client.roundTrip(target, bytes("standalone")).payload()).isEqualTo(bytes("standalone"));
        assertThat(text(echo.next(WAIT))).isEqualTo("standalone");
        assertThat(echo.count()).isEqualTo(1);
    }

    private UdpCounters counters() {
        return server.server().udpCounters();
    }

    private static String text(UdpEchoServer.Received r) {
        assertThat(r).as("a datagram at the destination").isNotNull();
        return new String(r.payload());
    }
}
