package dev.argyle.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place header reader agrees with the protocol module's decoder on every input. */
class UdpHeadersTest {

    @Test
    void agreesWithTheProtocolDecoderOnRandomInput() {
        Random random = new Random(1928);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 3 && random.nextInt(4) > 0) {
                bytes[3] = (byte) new int[] {1, 3, 4}[random.nextInt(3)]; // mostly valid ATYPs
            }
            if (bytes.length > 4 && bytes[3] == 3 && random.nextBoolean()) {
                bytes[4] = (byte) random.nextInt(Math.max(1, bytes.length - 6)); // names that often fit
            }
            assertAgrees(bytes);
        }
    }

    @Test
    void everyPrefixOfAValidHeaderIsTruncated() throws Exception {
        List<SocksAddress> addresses = List.of(
                SocksAddress.of(InetAddress.getByName("192.0.2.7"), 53),
                SocksAddress.of(InetAddress.getByName("2001:db8::1"), 443),
                SocksAddress.domain("example.test", 8080),
                SocksAddress.domain("x".repeat(255), 1));
        for (SocksAddress a : addresses) {
            byte[] header = new Socks5UdpHeader(0x82, a).toBytes();
            ByteBuf whole = Unpooled.wrappedBuffer(header);
            assertThat(UdpHeaders.length(whole)).isEqualTo(header.length);
            assertThat(UdpHeaders.fragment(whole)).isEqualTo(0x82);
            for (int n = 0; n < header.length; n++) {
                assertThat(UdpHeaders.length(Unpooled.wrappedBuffer(header, 0, n))).as("%s cut to %d", a, n)
                        .isEqualTo(UdpHeaders.TRUNCATED);
            }
            // Payload after the header does not change its length; a reader index is respected.
            byte[] padded = new byte[header.length + 9];
            System.arraycopy(header, 0, padded, 2, header.length);
            ByteBuf shifted = Unpooled.wrappedBuffer(padded).skipBytes(2);
            assertThat(UdpHeaders.length(shifted)).isEqualTo(header.length);
        }
    }

    private static void assertAgrees(byte[] bytes) {
        int ours = UdpHeaders.length(Unpooled.wrappedBuffer(bytes));
        ByteBuffer view = ByteBuffer.wrap(bytes);
        DecodeResult<Socks5UdpHeader> theirs = Socks5UdpHeader.DECODER.decode(view);
        String input = Arrays.toString(bytes);
        if (theirs instanceof DecodeResult.Done<Socks5UdpHeader>) {
            assertThat(ours).as(input).isEqualTo(view.position());
        } else if (theirs instanceof DecodeResult.NeedMore<Socks5UdpHeader>) {
            assertThat(ours).as(input).isEqualTo(UdpHeaders.TRUNCATED);
        } else {
            assertThat(ours).as(input).isIn(UdpHeaders.BAD_ADDRESS_TYPE, UdpHeaders.EMPTY_NAME);
        }
    }
}
