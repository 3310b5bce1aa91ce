package dev.argyle.protocol.v5;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.concat;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.CodecChecks.repeat;
import static dev.argyle.protocol.Fixtures.ipv4;
import static dev.argyle.protocol.Fixtures.ipv4Mapped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.AddressType;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Fixtures;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import java.net.Inet6Address;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Socks5RequestTest {

    static Stream<Arguments> requests() {
        return Stream.of(Command.CONNECT, Command.BIND, Command.UDP_ASSOCIATE, Command.of(0x7F))
                .flatMap(cmd -> Fixtures.addresses().stream().map(a -> Arguments.of(cmd, a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void roundTripsThroughEveryReadPattern(Command command, SocksAddress destination) {
        Socks5Request request = new Socks5Request(command, destination);
        byte[] wire = assertCodecContract(request, Socks5Request.DECODER);
        assertThat(wire[0]).isEqualTo((byte) 0x05);
        assertThat(wire[1]).isEqualTo((byte) command.code());
        assertThat(wire[2]).as("RSV").isZero();
        assertThat(wire[3]).as("ATYP").isEqualTo((byte) destination.type().code());
    }

    @Test
    void ipv4WireBytes() {
        assertThat(new Socks5Request(Command.CONNECT, SocksAddress.of(ipv4(192, 0, 2, 1), 443)).toBytes())
                .containsExactly(0x05, 0x01, 0x00, 0x01, 192, 0, 2, 1, 0x01, 0xBB);
    }

    @Test
    void domainWireBytes() {
        assertThat(new Socks5Request(Command.CONNECT, SocksAddress.domain("a.io", 80)).toBytes())
                .containsExactly(0x05, 0x01, 0x00, 0x03, 4, 'a', '.', 'i', 'o', 0x00, 0x50);
        byte[] longest = new Socks5Request(Command.CONNECT, SocksAddress.domain(Fixtures.DOMAIN_255, 1)).toBytes();
        assertThat(longest).hasSize(3 + 1 + 1 + 255 + 2);
        assertThat(longest[4] & 0xFF).isEqualTo(255);
    }

    @Test
    void ipv4MappedIpv6StaysAtyp4() {
        Socks5Request request = new Socks5Request(Command.CONNECT, SocksAddress.of(ipv4Mapped(), 80));
        byte[] wire = request.toBytes();
        assertThat(wire).containsExactly(0x05, 0x01, 0x00, 0x04,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 33, 0x00, 0x50);
        Socks5Request decoded = decodeAll(Socks5Request.DECODER, wire);
        assertThat(decoded.destination().type()).isEqualTo(AddressType.IPV6);
        assertThat(decoded.destination().address()).isInstanceOf(Inet6Address.class);
        assertThat(decoded.toBytes()).isEqualTo(wire);
    }

    @Test
    void unknownCommandDecodes() {
        Socks5Request r = decodeAll(Socks5Request.DECODER, bytes(0x05, 0x09, 0x00, 0x01, 10, 0, 0, 1, 0, 80));
        assertThat(r.command().code()).isEqualTo(0x09);
        assertThat(r.command().isKnown()).isFalse();
        assertThat(decodeAll(Socks5Request.DECODER, bytes(0x05, 0x00, 0x00, 0x01, 10, 0, 0, 1, 0, 80))
                .command().isKnown()).isFalse();
    }

    @Test
    void nonZeroRsvIsAcceptedAndWrittenBackAsZero() {
        byte[] wire = bytes(0x05, 0x01, 0x7E, 0x01, 10, 0, 0, 1, 0, 80);
        Socks5Request r = decodeAll(Socks5Request.DECODER, wire);
        assertThat(r).isEqualTo(new Socks5Request(Command.CONNECT, SocksAddress.of(ipv4(10, 0, 0, 1), 80)));
        assertThat(r.toBytes()[2]).isZero();
    }

    @Test
    void wrongVersionIsMalformed() {
        assertMalformed(Socks5Request.DECODER, bytes(0x04));
        assertMalformed(Socks5Request.DECODER, bytes(0x04, 0x01));
        assertMalformed(Socks5Request.DECODER, bytes(0x04, 0x01, 0x00, 0x01, 10, 0, 0, 1, 0, 80));
        assertMalformed(Socks5Request.DECODER, bytes(0x06, 0x01, 0x00, 0x01, 10, 0, 0, 1, 0, 80));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0x06, 0x7F, 0xFF})
    void unknownAddressTypeIsMalformedWithReply08(int atyp) {
        DecodeResult.Malformed<?> m = assertMalformed(Socks5Request.DECODER,
                bytes(0x05, 0x01, 0x00, atyp, 10, 0, 0, 1, 0, 80));
        assertThat(m.reply()).isEqualTo(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED);
        // Known as soon as the ATYP byte arrives: no need to wait for an address we cannot parse.
        assertThat(assertMalformed(Socks5Request.DECODER, bytes(0x05, 0x01, 0x00, atyp)).reply())
                .isEqualTo(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED);
    }

    @Test
    void emptyDomainIsMalformed() {
        DecodeResult.Malformed<?> m = assertMalformed(Socks5Request.DECODER,
                bytes(0x05, 0x01, 0x00, 0x03, 0x00, 0x00, 0x50));
        assertThat(m.reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
        assertMalformed(Socks5Request.DECODER, bytes(0x05, 0x01, 0x00, 0x03, 0x00));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks5Request.DECODER, bytes());
        assertNeedMore(Socks5Request.DECODER, bytes(0x05, 0x01, 0x00));
        assertNeedMore(Socks5Request.DECODER, bytes(0x05, 0x01, 0x00, 0x03));
        assertNeedMore(Socks5Request.DECODER, concat(bytes(0x05, 0x01, 0x00, 0x03, 0xFF), repeat('x', 255), bytes(0)));
        assertNeedMore(Socks5Request.DECODER, bytes(0x05, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void latin1DomainBytesSurviveDecodeAndEncode() {
        byte[] wire = concat(bytes(0x05, 0x01, 0x00, 0x03, 3), bytes(0xE9, 0x80, 0x7F), bytes(0x00, 0x50));
        Socks5Request r = decodeAll(Socks5Request.DECODER, wire);
        assertThat(r.destination().host()).isEqualTo("\u00e9\u0080\u007f");
        assertThat(r.toBytes()).isEqualTo(wire);
    }
}
