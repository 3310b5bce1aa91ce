package dev.argyle.server.udp;

import dev.argyle.server.limit.TokenBucket;
import java.util.function.LongSupplier;

/**
 * {@code limits.udp-datagrams-per-second} for one association: a bucket per direction (from the client, to
 * the client), each holding {@code perSecond} tokens and refilled at that rate, so a burst of that many is
 * allowed and then that many per second. A datagram over the rate is dropped ({@link DropReason#RATE}); the
 * association lives on. Confined to the association's event loop.
 */
final class DatagramRate {
    private final int perSecond;
    private final TokenBucket up;
    private final TokenBucket down;

    DatagramRate(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.up = new TokenBucket(perSecond, perSecond, nanoClock);
        this.down = new TokenBucket(perSecond, perSecond, nanoClock);
    }

    int perSecond() {
        return perSecond;
    }

    /** True if one more datagram from the client is within the rate (and takes its token). */
    boolean allowUp() {
        return up.tryTake(1);
    }

    /** True if one more datagram to the client is within the rate (and takes its token). */
    boolean allowDown() {
        return down.tryTake(1);
    }
}
