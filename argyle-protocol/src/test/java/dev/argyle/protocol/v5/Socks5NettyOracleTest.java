package dev.argyle.protocol.v5;

import static dev.argyle.protocol.NettyOracle.decode;
import static dev.argyle.protocol.NettyOracle.decodeOk;
import static dev.argyle.protocol.NettyOracle.encode;
import static dev.argyle.protocol.NettyOracle.ipBytes;
import static dev.argyle.protocol.NettyOracle.nettyAddress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.CodecChecks;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.Fixtures;
import dev.argyle.protocol.NettyOracle;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandRequest;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialRequest;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5ClientEncoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandResponse;
import io.netty.handler.codec.socksx.v5.Socks5CommandResponseDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5InitialResponse;
import io.netty.handler.codec.socksx.v5.Socks5InitialResponseDecoder;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Netty's codec-socks (4.2.x) as an oracle: for the same message our bytes equal Netty's encoder's, and
 * Netty's decoders read our bytes back to the same fields. RFC 1928 has no UDP header codec in Netty, so
 * {@link Socks5UdpHeader} is not compared here.
 */
class Socks5NettyOracleTest {

    // ---- greeting (Netty: Socks5InitialRequest, encoded by Socks5ClientEncoder) ----

    static Stream<List<Integer>> methodLists() {
        return Stream.of(List.of(0x00), List.of(0x00, 0x02), List.of(0x02, 0x01, 0x80, 0xFE, 0xFF),
                IntStream.range(0, 255).boxed().toList());
    }

    @ParameterizedTest
    @MethodSource("methodLists")
    void greetingBytesEqualNettys(List<Integer> codes) {
        Socks5Greeting ours = new Socks5Greeting(codes.stream().map(AuthMethod::of).toList());
        Socks5InitialRequest theirs = new DefaultSocks5InitialRequest(
                codes.stream().map(c -> Socks5AuthMethod.valueOf((byte) (int) c)).toList());
        assertThat(ours.toBytes()).isEqualTo(encode(Socks5ClientEncoder.DEFAULT, theirs));

        Socks5InitialRequest decoded = decodeOk(new Socks5InitialRequestDecoder(), ours.toBytes(),
                Socks5InitialRequest.class);
        assertThat(decoded.authMethods()).extracting(m -> m.byteValue() & 0xFF).isEqualTo(codes);
    }

    // ---- method choice (Netty: Socks5InitialResponse, encoded by Socks5ServerEncoder) ----

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x02, 0x03, 0x80, 0xFF})
    void methodChoiceBytesEqualNettys(int code) {
        Socks5MethodChoice ours = new Socks5MethodChoice(AuthMethod.of(code));
        byte[] theirs = encode(Socks5ServerEncoder.DEFAULT,
                new DefaultSocks5InitialResponse(Socks5AuthMethod.valueOf((byte) code)));
        assertThat(ours.toBytes()).isEqualTo(theirs);

        Socks5InitialResponse decoded = decodeOk(new Socks5InitialResponseDecoder(), ours.toBytes(),
                Socks5InitialResponse.class);
        assertThat(decoded.authMethod().byteValue() & 0xFF).isEqualTo(code);
    }

    // ---- request (Netty: Socks5CommandRequest, encoded by Socks5ClientEncoder) ----

    static Stream<Arguments> requests() {
        return Stream.of(Command.CONNECT, Command.BIND, Command.UDP_ASSOCIATE, Command.of(0x7F))
                .flatMap(cmd -> Fixtures.addresses().stream().map(a -> Arguments.of(cmd, a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void requestBytesEqualNettys(Command command, SocksAddress destination) {
        Socks5Request ours = new Socks5Request(command, destination);
        Socks5CommandRequest theirs = new DefaultSocks5CommandRequest(
                Socks5CommandType.valueOf((byte) command.code()), nettyType(destination),
                nettyAddress(destination), destination.port());
        assertThat(ours.toBytes()).isEqualTo(encode(Socks5ClientEncoder.DEFAULT, theirs));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requests")
    void nettyDecodesOurRequest(Command command, SocksAddress destination) {
        byte[] wire = new Socks5Request(command, destination).toBytes();
        Socks5CommandRequest decoded = decodeOk(new Socks5CommandRequestDecoder(), wire, Socks5CommandRequest.class);
        assertThat(decoded.type().byteValue() & 0xFF).isEqualTo(command.code());
        assertThat(decoded.dstAddrType()).isEqualTo(nettyType(destination));
        assertSameAddress(decoded.dstAddr(), destination);
        assertThat(decoded.dstPort()).isEqualTo(destination.port());
    }

    @Test
    void nettyLeavesPipelinedBytesAfterOurRequest() {
        byte[] wire = new Socks5Request(Command.CONNECT, SocksAddress.domain("example.com", 443)).toBytes();
        byte[] early = "GET / HTTP/1.1\r\n".getBytes();
        NettyOracle.Decoded<Socks5CommandRequest> d = decode(new Socks5CommandRequestDecoder(),
                CodecChecks.concat(wire, early), Socks5CommandRequest.class);
        assertThat(d.result().isSuccess()).isTrue();
        assertThat(d.rest()).isEqualTo(early);
    }

    // ---- reply (Netty: Socks5CommandResponse, encoded by Socks5ServerEncoder) ----

    static Stream<Arguments> replies() {
        return Stream.concat(IntStream.rangeClosed(0, 8).boxed(), Stream.of(0xFF))
                .flatMap(code -> Fixtures.addresses().stream().map(a -> Arguments.of(ReplyCode.of(code), a)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("replies")
    void replyBytesEqualNettys(ReplyCode code, SocksAddress bound) {
        Socks5Reply ours = new Socks5Reply(code, bound);
        Socks5CommandResponse theirs = new DefaultSocks5CommandResponse(
                Socks5CommandStatus.valueOf((byte) code.code()), nettyType(bound), nettyAddress(bound), bound.port());
        assertThat(ours.toBytes()).isEqualTo(encode(Socks5ServerEncoder.DEFAULT, theirs));

        Socks5CommandResponse decoded = decodeOk(new Socks5CommandResponseDecoder(), ours.toBytes(),
                Socks5CommandResponse.class);
        assertThat(decoded.status().byteValue() & 0xFF).isEqualTo(code.code());
        assertThat(decoded.bndAddrType()).isEqualTo(nettyType(bound));
        assertSameAddress(decoded.bndAddr(), bound);
        assertThat(decoded.bndPort()).isEqualTo(bound.port());
    }

    @Test
    void failureReplyEqualsNettysReplyWithNoAddress() {
        // Netty writes 0.0.0.0 when bndAddr is null; our failure() uses the same all-zero IPv4 address.
        byte[] theirs = encode(Socks5ServerEncoder.DEFAULT,
                new DefaultSocks5CommandResponse(Socks5CommandStatus.FORBIDDEN, Socks5AddressType.IPv4));
        assertThat(Socks5Reply.failure(ReplyCode.NOT_ALLOWED).toBytes()).isEqualTo(theirs);
    }

    // ---- where Netty and we differ on purpose ----

    @Test
    void nonAsciiDomainDiffersFromNettyWhichConvertsToPunycode() {
        // Difference: Netty's DefaultSocks5CommandRequest runs IDN.toASCII on a DOMAIN address and sends the
        // xn-- form; SocksAddress sends the name's ISO-8859-1 bytes as given (callers must pass the xn-- form),
        // so that a name received from a client is relayed byte for byte.
        SocksAddress latin1 = SocksAddress.domain("b\u00fccher.example", 80);
        byte[] ours = new Socks5Request(Command.CONNECT, latin1).toBytes();
        byte[] theirs = encode(Socks5ClientEncoder.DEFAULT, new DefaultSocks5CommandRequest(
                Socks5CommandType.CONNECT, Socks5AddressType.DOMAIN, latin1.host(), 80));
        assertThat(ours).isNotEqualTo(theirs);
        assertThat(new String(theirs, 5, theirs[4])).isEqualTo("xn--bcher-kva.example");
        assertThat(ours[4]).isEqualTo((byte) 14);
        assertThat(ours[6] & 0xFF).as("u-umlaut as one ISO-8859-1 byte").isEqualTo(0xFC);
        // With the xn-- form both agree.
        assertThat(new Socks5Request(Command.CONNECT, SocksAddress.domain("xn--bcher-kva.example", 80)).toBytes())
                .isEqualTo(theirs);
    }

    private static Socks5AddressType nettyType(SocksAddress a) {
        return Socks5AddressType.valueOf((byte) a.type().code());
    }

    /** Netty decodes addresses to text; compare IPs by their bytes, since the text forms differ for IPv6. */
    private static void assertSameAddress(String nettyText, SocksAddress ours) {
        if (ours.isDomain()) {
            assertThat(nettyText).isEqualTo(ours.host());
        } else {
            assertThat(ipBytes(nettyText)).isEqualTo(ours.address().getAddress());
        }
    }
}
