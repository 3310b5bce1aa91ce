package dev.argyle.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.udp.ReassemblyQueue.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reassembly rules of RFC 1928 section 7 as {@link ReassemblyQueue} applies them, without sockets. */
class ReassemblyQueueTest {
    private static final long TIMEOUT = 5_000_000_000L;
    private static final int LIMIT = 1000;
    private static final SocksAddress A = address(7);
    private static final SocksAddress B = address(8);

    private final ReassemblyQueue queue = new ReassemblyQueue(PooledByteBufAllocator.DEFAULT, LIMIT, TIMEOUT);
    private long now = 1_000;

    @AfterEach
    void releaseWhatIsHeld() {
        queue.abandon();
    }

    @Test
    void inOrderFragmentsCompleteIntoOnePayload() {
        assertThat(offer(1, A, "ab")).isEqualTo(Outcome.QUEUED);
        assertThat(offer(2, A, "cd")).isEqualTo(Outcome.QUEUED);
        assertThat(offer(0x83, A, "ef")).isEqualTo(Outcome.COMPLETE);
        assertThat(queue.destination()).isEqualTo(key(A));
        assertThat(queue.isActive()).isFalse();
        ByteBuf whole = queue.take();
        assertThat(whole.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdef");
        whole.release();
    }

    @Test
    void aSingleLastFragmentIsComplete() {
        assertThat(offer(0x81, A, "solo")).isEqualTo(Outcome.COMPLETE);
        ByteBuf whole = queue.take();
        assertThat(whole.toString(StandardCharsets.US_ASCII)).isEqualTo("solo");
        whole.release();
    }

    @Test
    void aGapARepeatOrALowerPositionAbandonsTheQueue() {
        for (int wrong : new int[] {5, 0x85, 3, 2}) {
            offer(1, A, "ab");
            offer(2, A, "cd");
            offer(3, A, "ef");
            assertThat(offer(wrong, A, "xx")).as("FRAG %#x after 1, 2, 3", wrong).isEqualTo(Outcome.DROPPED);
            assertThat(queue.lastDropped()).isEqualTo(4);
            assertThat(queue.isActive()).isFalse();
            assertThat(queue.heldBytes()).isZero();
        }
        assertThat(queue.abandonedQueues()).isEqualTo(4);
    }

    @Test
    void aNewFirstFragmentStartsOver() {
        offer(1, A, "ab");
        offer(2, A, "cd");
        assertThat(offer(1, A, "new")).isEqualTo(Outcome.QUEUED);
        assertThat(queue.lastDropped()).isEqualTo(2);
        assertThat(offer(0x82, A, "er")).isEqualTo(Outcome.COMPLETE);
        ByteBuf whole = queue.take();
        assertThat(whole.toString(StandardCharsets.US_ASCII)).isEqualTo("newer");
        whole.release();
    }

    @Test
    void aFragmentWithoutAQueueIsDropped() {
        assertThat(offer(2, A, "ab")).isEqualTo(Outcome.DROPPED);
        assertThat(offer(0x82, A, "ab")).isEqualTo(Outcome.DROPPED);
        assertThat(offer(0x80, A, "ab")).isEqualTo(Outcome.DROPPED); // position 0 is no fragment
        assertThat(queue.lastDropped()).isEqualTo(1);
        assertThat(queue.abandonedQueues()).isZero();
    }

    @Test
    void aLateFragmentFindsTheQueueExpired() {
        offer(1, A, "ab");
        now += TIMEOUT;
        assertThat(offer(0x82, A, "cd")).isEqualTo(Outcome.DROPPED);
        assertThat(queue.lastDropped()).isEqualTo(2);
    }

    @Test
    void anotherDestinationAbandonsTheQueue() {
        offer(1, A, "ab");
        assertThat(offer(0x82, B, "cd")).isEqualTo(Outcome.DROPPED);
        assertThat(queue.lastDropped()).isEqualTo(2);
    }

    @Test
    void theByteLimitHoldsWhateverArrives() {
        Random random = new Random(7);
        int peakReserved = 0;
        int completed = 0;
        for (int i = 0; i < 20_000; i++) {
            int frag = random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(255);
            Outcome o = offer(frag, random.nextInt(10) == 0 ? B : A, "x".repeat(random.nextInt(400)));
            peakReserved = Math.max(peakReserved, queue.reservedBytes());
            assertThat(queue.heldBytes()).isLessThanOrEqualTo(LIMIT);
            if (o == Outcome.COMPLETE) {
                ByteBuf whole = queue.take();
                assertThat(whole.readableBytes()).isLessThanOrEqualTo(LIMIT);
                whole.release();
                completed++;
            }
            if (random.nextInt(100) == 0) {
                now += TIMEOUT;
            }
        }
        assertThat(peakReserved).isLessThanOrEqualTo(LIMIT);
        assertThat(queue.peakBytes()).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT / 2);
        assertThat(completed).isPositive();
    }

    @Test
    void anUntakenDatagramIsReleasedByTheNextOffer() {
        offer(0x81, A, "not taken");
        offer(1, A, "next");
        assertThat(queue.take()).isNull();
    }

    @Test
    void oneHundredTwentySevenFragmentsAtMost() {
        for (int i = 1; i <= 127; i++) {
            assertThat(offer(i, A, "")).isEqualTo(Outcome.QUEUED);
        }
        assertThat(offer(0x80, A, "")).isEqualTo(Outcome.DROPPED); // position 128 does not exist
        assertThat(queue.lastDropped()).isEqualTo(128);
    }

    private Outcome offer(int frag, SocksAddress destination, String payload) {
        ByteBuf datagram = Unpooled.wrappedBuffer(UdpTestClient.datagram(frag, destination,
                payload.getBytes(StandardCharsets.US_ASCII)));
        return queue.offer(frag, datagram, UdpHeaders.length(datagram), now);
    }

    private static byte[] key(SocksAddress a) {
        byte[] header = UdpTestClient.datagram(0, a, new byte[0]);
        return Arrays.copyOfRange(header, UdpHeaders.ADDRESS_OFFSET, header.length);
    }

    private static SocksAddress address(int last) {
        try {
            return SocksAddress.of(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last}), 53);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
