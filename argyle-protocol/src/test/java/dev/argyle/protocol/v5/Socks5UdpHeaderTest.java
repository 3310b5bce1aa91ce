package dev.argyle.protocol.v5;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.concat;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Fixtures;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Socks5UdpHeaderTest {

    static Stream<Arguments> headers() {
        return Stream.of(0, 1, 0x7F, 0xFF)
                .flatMap(frag -> Fixtures.addresses().stream().map(a -> Arguments.of(frag, a)));
    }

    @ParameterizedTest(name = "frag {0} {1}")
    @MethodSource("headers")
    void roundTripsThroughEveryReadPattern(int fragment, SocksAddress destination) {
        byte[] wire = assertCodecContract(new Socks5UdpHeader(fragment, destination), Socks5UdpHeader.DECODER);
        assertThat(wire[0]).isZero();
        assertThat(wire[1]).isZero();
        assertThat(wire[2]).isEqualTo((byte) fragment);
    }

    @Test
    void wireBytesAndPayloadLeftInPlace() {
        Socks5UdpHeader header = new Socks5UdpHeader(0, SocksAddress.of(ipv4(198, 51, 100, 7), 53));
        assertThat(header.toBytes()).containsExactly(0, 0, 0, 0x01, 198, 51, 100, 7, 0, 53);

        byte[] payload = "dns query".getBytes();
        ByteBuffer datagram = ByteBuffer.wrap(concat(header.toBytes(), payload));
        assertThat(Socks5UdpHeader.DECODER.decode(datagram)).isEqualTo(new DecodeResult.Done<>(header));
        byte[] rest = new byte[datagram.remaining()];
        datagram.get(rest);
        assertThat(rest).isEqualTo(payload);
    }

    @Test
    void nonZeroRsvIsAcceptedAndWrittenBackAsZero() {
        Socks5UdpHeader h = decodeAll(Socks5UdpHeader.DECODER, bytes(0xAB, 0xCD, 0x00, 0x01, 1, 2, 3, 4, 0, 1));
        assertThat(h).isEqualTo(new Socks5UdpHeader(0, SocksAddress.of(ipv4(1, 2, 3, 4), 1)));
        assertThat(h.toBytes()).startsWith(0, 0, 0);
    }

    @Test
    void fragmentIsOneByte() {
        assertThatThrownBy(() -> new Socks5UdpHeader(-1, SocksAddress.unspecifiedIpv4()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks5UdpHeader(256, SocksAddress.unspecifiedIpv4()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0xFF})
    void unknownAddressTypeIsMalformedWithReply08(int atyp) {
        assertThat(assertMalformed(Socks5UdpHeader.DECODER, bytes(0, 0, 0, atyp, 1, 2, 3, 4, 0, 1)).reply())
                .isEqualTo(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED);
    }

    @Test
    void emptyDomainIsMalformed() {
        assertMalformed(Socks5UdpHeader.DECODER, bytes(0, 0, 0, 0x03, 0, 0, 53));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks5UdpHeader.DECODER, bytes());
        assertNeedMore(Socks5UdpHeader.DECODER, bytes(0, 0));
        assertNeedMore(Socks5UdpHeader.DECODER, bytes(0, 0, 0));
        assertNeedMore(Socks5UdpHeader.DECODER, bytes(0, 0, 0, 0x03, 5, 'a', 'b'));
    }
}
