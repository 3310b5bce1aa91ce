package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The N-fold wrapping, byte for byte, without a network. */
class UdpLayersTest {
    static final SocksAddress R1 = ip("10.0.0.1", 1001);
    static final SocksAddress R2 = ip("10.0.0.2", 1002);
    static final SocksAddress R3 = mapped(new byte[] {10, 0, 0, 3}, 1003);
    static final SocksAddress DEST = SocksAddress.domain("dns.internal", 53);

    static SocksAddress ip(String literal, int port) {
        try {
            return SocksAddress.of(InetAddress.getByName(literal), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** ::ffff:a.b.c.d as a real Inet6Address (InetAddress.getByName would make it IPv4). */
    static SocksAddress mapped(byte[] v4, int port) {
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xFF;
        raw[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, raw, 12, 4);
        try {
            return SocksAddress.of(java.net.Inet6Address.getByAddress(null, raw, -1), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static List<HopRef> hops(String... schemes) {
        List<HopRef> out = new java.util.ArrayList<>();
        for (int i = 0; i < schemes.length; i++) {
            out.add(new HopRef(i + 1, schemes.length, ProxyUri.parse(schemes[i] + "://10.0.0." + (i + 1) + ":1080")));
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] h(int frag, SocksAddress a) {
        return new Socks5UdpHeader(frag, a).toBytes();
    }

    @Test
    void threeHopsWrapInnermostLast() throws Exception {
        UdpLayers layers = new UdpLayers(hops("socks5", "socks5", "socks5h"), List.of(R1, R2, R3));
        List<byte[]> out = layers.wrap(DEST, "q".getBytes(), 0, 1, 0);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isEqualTo(concat(h(0, R2), h(0, R3), h(0, DEST), "q".getBytes()));
    }

    @Test
    void oneHopIsJustTheDestinationHeader() throws Exception {
        UdpLayers layers = new UdpLayers(hops("socks5h"), List.of(R1));
        assertThat(layers.wrap(DEST, "xyz".getBytes(), 1, 2, 0).get(0)).isEqualTo(concat(h(0, DEST), "yz".getBytes()));
    }

    @Test
    void unwrapChecksTheRelaysAndReturnsTheSource() throws Exception {
        // R3 is IPv4-mapped IPv6 in the reply; the relayed header names plain 10.0.0.3, which must match.
        UdpLayers layers = new UdpLayers(hops("socks5", "socks5", "socks5"), List.of(R1, R2, R3));
        SocksAddress source = ip("192.0.2.53", 53);
        byte[] reply = concat(h(0, ip("10.0.0.2", 1002)), h(0, ip("10.0.0.3", 1003)), h(0, source), "answer".getBytes());
        UdpLayers.Unwrapped u = layers.unwrap(reply, reply.length);
        assertThat(u.source()).isEqualTo(source);
        assertThat(new String(reply, u.offset(), u.length())).isEqualTo("answer");

        byte[] stranger = concat(h(0, ip("10.0.0.9", 1002)), h(0, R3), h(0, source), "x".getBytes());
        assertThat(layers.unwrap(stranger, stranger.length)).as("not our relay").isNull();
        byte[] fragment = concat(h(0, R2), h(0, R3), h(1, source), "x".getBytes());
        assertThat(layers.unwrap(fragment, fragment.length)).as("fragments are dropped").isNull();
        assertThat(layers.unwrap(reply, 12)).as("cut short").isNull();
        assertThat(R3.type()).isEqualTo(dev.argyle.protocol.AddressType.IPV6);
    }

    @Test
    void fragmentsCarryPositionsAndTheLastMark() throws Exception {
        UdpLayers layers = new UdpLayers(hops("socks5", "socks5h"), List.of(R1, R2));
        byte[] payload = Echo.random(1000, 1);
        int overhead = h(0, R2).length + h(0, DEST).length;
        List<byte[]> out = layers.wrap(DEST, payload, 0, payload.length, 300);
        int room = 300 - overhead;
        assertThat(out).hasSize((1000 + room - 1) / room);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < out.size(); i++) {
            byte[] d = out.get(i);
            assertThat(d.length).isLessThanOrEqualTo(300);
            assertThat(d).startsWith(h(0, R2));
            int frag = d[h(0, R2).length + 2] & 0xFF;
            assertThat(frag).isEqualTo(i + 1 == out.size() ? (i + 1) | 0x80 : i + 1);
            joined.write(d, overhead, d.length - overhead);
        }
        assertThat(joined.toByteArray()).isEqualTo(payload);
    }
}
