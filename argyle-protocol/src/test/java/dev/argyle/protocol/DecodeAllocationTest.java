package dev.argyle.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v5.Socks5Request;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Guards the allocation goal of docs/benchmarks.md ("Codec microbenchmarks"): decoding an IPv4 or IPv6
 * request allocates the message, its address and the result, and nothing proportional to text (no host
 * string, no encoder). Counted with the thread's allocated-bytes counter around many decodes; the bounds
 * hold even for interpreted code (no escape analysis) and leave slack for the counter's granularity.
 */
class DecodeAllocationTest {
    private static final int DECODES = 20_000;

    @Test
    void socks5Ipv4RequestAllocatesOnlyTheMessage() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(new Socks5Request(Command.CONNECT,
                SocksAddress.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 80)).toBytes());
        assertThat(bytesPerDecode(() -> Socks5Request.DECODER.decode(in.rewind()))).isLessThan(220);
    }

    @Test
    void socks5Ipv6RequestAllocatesOnlyTheMessage() throws Exception {
        byte[] raw = new byte[16];
        raw[0] = 0x20;
        raw[15] = 1;
        ByteBuffer in = ByteBuffer.wrap(new Socks5Request(Command.CONNECT,
                SocksAddress.of(InetAddress.getByAddress(raw), 80)).toBytes());
        assertThat(bytesPerDecode(() -> Socks5Request.DECODER.decode(in.rewind()))).isLessThan(300);
    }

    @Test
    void socks4RequestAllocatesOnlyTheMessage() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(new Socks4Request(Command.CONNECT,
                SocksAddress.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 80), "").toBytes());
        assertThat(bytesPerDecode(() -> Socks4Request.DECODER.decode(in.rewind()))).isLessThan(260);
    }

    private static long bytesPerDecode(Runnable decode) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long id = Thread.currentThread().getId();
        for (int i = 0; i < DECODES; i++) {
            decode.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < DECODES; i++) {
            decode.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / DECODES;
    }
}
