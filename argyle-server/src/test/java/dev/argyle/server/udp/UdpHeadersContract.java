package dev.argyle.server.udp;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What {@link UdpHeaders} promises for any datagram, checked on one input (throws {@link AssertionError}):
 * <ul>
 *   <li>no exception, whatever the bytes;</li>
 *   <li>no read outside readerIndex..writerIndex: the buffer's capacity ends at the writer index (a read past
 *       it throws), and two runs with different sentinels before the reader index (one heap slice with an array
 *       offset, one read-only direct buffer) must agree; the indexes never move;</li>
 *   <li>the same verdict as the protocol module's {@link Socks5UdpHeader#DECODER}: its length is the decoder's
 *       consumed bytes on Done, {@code TRUNCATED} on NeedMore, {@code BAD_ADDRESS_TYPE} (reply 0x08) or
 *       {@code EMPTY_NAME} on Malformed, and FRAG is the decoder's fragment;</li>
 *   <li>no heap allocation at all (it is the per-datagram hot path).</li>
 * </ul>
 * Not thread-safe (one per fuzz target or test).
 */
final class UdpHeadersContract {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int BEFORE = 6;

    private ByteBuffer direct = ByteBuffer.allocateDirect(1024);

    /** Checks one input; returns the header length or negative reason. */
    int check(byte[] input) {
        int n = input.length;
        // A: heap, the header preceded by sentinels that look like a header, capacity ending at the writer index.
        byte[] backing = new byte[BEFORE + n + 16];
        Arrays.fill(backing, (byte) 0x03);
        System.arraycopy(input, 0, backing, BEFORE, n);
        ByteBuf a = Unpooled.wrappedBuffer(backing).slice(2, BEFORE - 2 + n);
        a.readerIndex(BEFORE - 2);
        long allocated = Long.MAX_VALUE;
        int ra = 0;
        for (int round = 0; round < 3 && allocated > 0; round++) { // a first call may load classes
            long start = THREADS.getCurrentThreadAllocatedBytes();
            ra = length(a, input);
            allocated = Math.min(allocated, THREADS.getCurrentThreadAllocatedBytes() - start);
        }
        check(allocated == 0, "allocated " + allocated + " bytes", input);
        check(a.readerIndex() == BEFORE - 2 && a.writerIndex() == BEFORE - 2 + n, "indexes moved", input);

        // B: read-only direct, other sentinels.
        if (direct.capacity() < BEFORE + n) {
            direct = ByteBuffer.allocateDirect(2 * (BEFORE + n));
        }
        direct.clear();
        for (int i = 0; i < BEFORE; i++) {
            direct.put(i, (byte) (i % 2 == 0 ? 0x01 : 0xFF));
        }
        direct.put(BEFORE, input);
        direct.limit(BEFORE + n);
        ByteBuf b = Unpooled.wrappedBuffer(direct.slice(0, BEFORE + n)).asReadOnly();
        b.readerIndex(BEFORE);
        int rb = length(b, input);
        check(ra == rb, "verdict depends on bytes before the reader index: " + ra + " vs " + rb, input);

        ByteBuffer view = ByteBuffer.wrap(input);
        DecodeResult<Socks5UdpHeader> theirs = Socks5UdpHeader.DECODER.decode(view);
        if (theirs instanceof DecodeResult.Done<Socks5UdpHeader> done) {
            check(ra == view.position(), "length " + ra + ", decoder consumed " + view.position(), input);
            check(UdpHeaders.fragment(a) == done.message().fragment(), "FRAG differs from the decoder's", input);
        } else if (theirs instanceof DecodeResult.NeedMore<Socks5UdpHeader>) {
            check(ra == UdpHeaders.TRUNCATED, "decoder needs more, length said " + ra, input);
        } else {
            DecodeResult.Malformed<Socks5UdpHeader> bad = (DecodeResult.Malformed<Socks5UdpHeader>) theirs;
            int expected = bad.reply().equals(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED)
                    ? UdpHeaders.BAD_ADDRESS_TYPE : UdpHeaders.EMPTY_NAME;
            check(ra == expected, "decoder says " + bad + ", length said " + ra, input);
        }
        return ra;
    }

    private static int length(ByteBuf buf, byte[] input) {
        try {
            return UdpHeaders.length(buf);
        } catch (RuntimeException | Error e) {
            AssertionError failure = failure("UdpHeaders.length threw " + e, input);
            failure.initCause(e);
            throw failure;
        }
    }

    private static void check(boolean condition, String what, byte[] input) {
        if (!condition) {
            throw failure(what, input);
        }
    }

    private static AssertionError failure(String what, byte[] input) {
        return new AssertionError(what + "; input (" + input.length + " bytes): " + HexFormat.of().formatHex(input));
    }
}
