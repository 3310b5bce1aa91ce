package dev.argyle.protocol.v5;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Fixtures;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Socks5ReplyTest {

    static Stream<Arguments> replies() {
        return Stream.concat(IntStream.rangeClosed(0, 8).boxed(), Stream.of(0x42, 0xFF))
                .flatMap(code -> Fixtures.addresses().stream().map(a -> Arguments.of(ReplyCode.of(code), a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("replies")
    void roundTripsThroughEveryReadPattern(ReplyCode code, SocksAddress bound) {
        byte[] wire = assertCodecContract(new Socks5Reply(code, bound), Socks5Reply.DECODER);
        assertThat(wire[1]).isEqualTo((byte) code.code());
        assertThat(wire[2]).as("RSV").isZero();
    }

    @Test
    void failureReplyCarriesTheZeroIpv4Address() {
        assertThat(Socks5Reply.failure(ReplyCode.CONNECTION_REFUSED).toBytes())
                .containsExactly(0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0);
        assertThat(decodeAll(Socks5Reply.DECODER, bytes(0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0)))
                .isEqualTo(Socks5Reply.failure(ReplyCode.CONNECTION_REFUSED));
    }

    @Test
    void successWireBytes() {
        assertThat(new Socks5Reply(ReplyCode.SUCCEEDED, SocksAddress.of(ipv4(203, 0, 113, 9), 50000)).toBytes())
                .containsExactly(0x05, 0x00, 0x00, 0x01, 203, 0, 113, 9, 0xC3, 0x50);
    }

    @Test
    void nonZeroRsvIsAcceptedAndWrittenBackAsZero() {
        Socks5Reply r = decodeAll(Socks5Reply.DECODER, bytes(0x05, 0x00, 0x01, 0x01, 1, 2, 3, 4, 0, 1));
        assertThat(r).isEqualTo(new Socks5Reply(ReplyCode.SUCCEEDED, SocksAddress.of(ipv4(1, 2, 3, 4), 1)));
        assertThat(r.toBytes()[2]).isZero();
    }

    @Test
    void wrongVersionIsMalformed() {
        assertMalformed(Socks5Reply.DECODER, bytes(0x04, 0x00, 0x00));
        assertMalformed(Socks5Reply.DECODER, bytes(0x00, 0x5A, 0x00, 0x01, 0, 0, 0, 0, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0xFF})
    void unknownAddressTypeIsMalformedWithReply08(int atyp) {
        assertThat(assertMalformed(Socks5Reply.DECODER, bytes(0x05, 0x00, 0x00, atyp, 1, 2, 3, 4, 0, 1)).reply())
                .isEqualTo(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED);
    }

    @Test
    void emptyDomainIsMalformed() {
        DecodeResult.Malformed<?> m = assertMalformed(Socks5Reply.DECODER, bytes(0x05, 0x00, 0x00, 0x03, 0, 0, 0));
        assertThat(m.reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks5Reply.DECODER, bytes());
        assertNeedMore(Socks5Reply.DECODER, bytes(0x05, 0x00));
        assertNeedMore(Socks5Reply.DECODER, bytes(0x05, 0x00, 0x00));
        assertNeedMore(Socks5Reply.DECODER, bytes(0x05, 0x00, 0x00, 0x01, 1, 2, 3, 4, 0));
    }
}
