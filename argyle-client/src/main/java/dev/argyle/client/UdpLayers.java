package dev.argyle.client;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The N-fold encapsulation of datagrams through N nested UDP associations, R1..RN being the hops' relay
 * addresses. Header j is read by hop j and names where hop j sends the rest: RN+1... for j &lt; N the next
 * hop's relay, for j = N the destination. So a datagram to D is
 *
 * <pre>
 *   sent to R1:  H(R2) H(R3) ... H(RN) H(D) payload
 *   hop 1 strips H(R2) and sends the rest to R2; ... hop N strips H(D) and sends the payload to D.
 * </pre>
 *
 * and a reply from D arrives at the client as H(R2) ... H(RN) H(D) payload, each hop having added the header
 * naming where it received the datagram from. Each address goes to hop j in the form hop j's type wants
 * ({@link Addressing}). The prefix H(R2)..H(RN) is fixed for the association and built once.
 *
 * <p>Fragmentation (RFC 1928 section 7) is done on the innermost header H(D), the one the last hop reads, so
 * every link carries only datagrams within the limit and the last hop reassembles. Received fragments are
 * not reassembled (proxies do not fragment replies): they are dropped. Immutable and thread-safe.
 */
final class UdpLayers {
    /** RFC 1928: FRAG 1..127, the high bit marks the last fragment. */
    static final int MAX_FRAGMENTS = 127;

    /** A received datagram's payload at {@code offset}/{@code length} of the buffer, and its source. */
    record Unwrapped(SocksAddress source, int offset, int length) {
    }

    private final HopRef last;
    private final byte[] prefix;
    private final SocksAddress[] expected;

    /**
     * @param hops   hops 1..N
     * @param relays R1..RN as the hops replied (0.0.0.0 already replaced by the hop's own address)
     */
    UdpLayers(List<HopRef> hops, List<SocksAddress> relays) throws SocksException {
        int n = hops.size();
        this.last = hops.get(n - 1);
        this.expected = new SocksAddress[n - 1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int j = 1; j < n; j++) {
            SocksAddress next = Addressing.forHop(hops.get(j - 1), relays.get(j));
            out.writeBytes(new Socks5UdpHeader(0, next).toBytes());
            expected[j - 1] = next.isDomain() ? null : next;
        }
        this.prefix = out.toByteArray();
    }

    /**
     * The datagrams that carry {@code data[off, off+len)} to {@code destination}: one, or fragments when it
     * would exceed {@code maxDatagramSize} (0: no limit).
     */
    List<byte[]> wrap(SocksAddress destination, byte[] data, int off, int len, int maxDatagramSize)
            throws IOException {
        SocksAddress d = Addressing.forHop(last, destination);
        int header = new Socks5UdpHeader(0, d).encodedLength();
        if (maxDatagramSize == 0 || prefix.length + header + len <= maxDatagramSize) {
            return List.of(datagram(0, d, header, data, off, len));
        }
        int room = maxDatagramSize - prefix.length - header;
        if (room < 1) {
            throw new IOException("the max datagram size " + maxDatagramSize + " leaves no room for data after "
                    + (prefix.length + header) + " bytes of SOCKS headers");
        }
        int count = (len + room - 1) / room;
        if (count > MAX_FRAGMENTS) {
            throw new IOException(len + " bytes would need " + count + " fragments of " + room
                    + " bytes; RFC 1928 allows " + MAX_FRAGMENTS);
        }
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            int from = off + (i - 1) * room;
            int size = Math.min(room, off + len - from);
            out.add(datagram(i == count ? i | 0x80 : i, d, header, data, from, size));
        }
        return out;
    }

    private byte[] datagram(int frag, SocksAddress d, int header, byte[] data, int off, int len) {
        ByteBuffer b = ByteBuffer.allocate(prefix.length + header + len);
        b.put(prefix);
        new Socks5UdpHeader(frag, d).encodeTo(b);
        b.put(data, off, len);
        return b.array();
    }

    /**
     * Strips the N headers of a datagram from hop 1; null when it is malformed, a fragment, or its outer
     * headers do not name the relays this association set up (a stranger's datagram relayed by some hop).
     */
    Unwrapped unwrap(byte[] buf, int len) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        SocksAddress source = null;
        for (int j = 0; j <= expected.length; j++) {
            DecodeResult<Socks5UdpHeader> r = Socks5UdpHeader.DECODER.decode(b);
            if (!(r instanceof DecodeResult.Done<Socks5UdpHeader> done) || done.message().fragment() != 0) {
                return null;
            }
            SocksAddress named = done.message().destination();
            if (j < expected.length) {
                if (expected[j] != null && !sameEndpoint(expected[j], named)) {
                    return null;
                }
            } else {
                source = named;
            }
        }
        return new Unwrapped(source, b.position(), b.remaining());
    }

    /** Same port and IP, an IPv4-mapped IPv6 address counting as the IPv4 address. */
    static boolean sameEndpoint(SocksAddress a, SocksAddress b) {
        if (a.port() != b.port()) {
            return false;
        }
        if (a.isDomain() || b.isDomain()) {
            return a.host().equalsIgnoreCase(b.host());
        }
        return unmapped(a.address()).equals(unmapped(b.address()));
    }

    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            for (int i = 0; mapped && i < 10; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return a;
    }
}
