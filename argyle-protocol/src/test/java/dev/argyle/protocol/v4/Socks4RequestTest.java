package dev.argyle.protocol.v4;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertEncodesExactly;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.concat;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.CodecChecks.repeat;
import static dev.argyle.protocol.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.Fixtures;
import dev.argyle.protocol.SocksAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Socks4RequestTest {
    /** Header of a SOCKS4 CONNECT to port 80; append DSTIP, USERID, NUL (and HOST, NUL for 4a). */
    private static final byte[] HEAD = bytes(0x04, 0x01, 0x00, 0x50);
    private static final byte[] MARKER_4A = bytes(0, 0, 0, 1);

    static List<SocksAddress> destinations() {
        return List.of(
                SocksAddress.of(ipv4(192, 0, 2, 1), 80),
                SocksAddress.of(ipv4(0, 0, 0, 0), 1),
                SocksAddress.of(ipv4(0, 0, 1, 0), 1),
                SocksAddress.of(ipv4(255, 255, 255, 255), 65535),
                SocksAddress.domain("a", 0),
                SocksAddress.domain("example.com", 443),
                SocksAddress.domain(Fixtures.DOMAIN_255, 65535));
    }

    static Stream<Arguments> requests() {
        return Stream.of(Command.CONNECT, Command.BIND, Command.of(0x7F))
                .flatMap(cmd -> Stream.of("", "alice", "\u00e9t\u00e9", "u".repeat(255))
                        .flatMap(user -> destinations().stream().map(d -> Arguments.of(cmd, d, user))));
    }

    @ParameterizedTest(name = "{0} {1} user={2}")
    @MethodSource("requests")
    void roundTripsThroughEveryReadPattern(Command command, SocksAddress destination, String userId) {
        Socks4Request request = new Socks4Request(command, destination, userId);
        byte[] wire = assertCodecContract(request, Socks4Request.DECODER);
        assertThat(request.isSocks4a()).isEqualTo(destination.isDomain());
        assertThat(wire).hasSize(8 + userId.length() + 1 + (destination.isDomain() ? destination.host().length() + 1 : 0));
    }

    @Test
    void socks4WireBytes() {
        assertThat(new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(192, 0, 2, 1), 80), "bob").toBytes())
                .containsExactly(0x04, 0x01, 0x00, 0x50, 192, 0, 2, 1, 'b', 'o', 'b', 0x00);
    }

    @Test
    void socks4aWireBytes() {
        assertThat(new Socks4Request(Command.BIND, SocksAddress.domain("a.io", 443), "").toBytes())
                .containsExactly(0x04, 0x02, 0x01, 0xBB, 0, 0, 0, 1, 0x00, 'a', '.', 'i', 'o', 0x00);
    }

    @Test
    void anyNonZeroLastOctetMarks4aAndIsWrittenBackAsOne() {
        // DSTIP 0.0.0.x with x != 0 is the SOCKS4a marker, whatever x is; the encoder always writes 0.0.0.1.
        byte[] wire = concat(HEAD, bytes(0, 0, 0, 0xFF), bytes(0), bytes('h', 0));
        Socks4Request r = decodeAll(Socks4Request.DECODER, wire);
        assertThat(r.destination()).isEqualTo(SocksAddress.domain("h", 80));
        assertThat(r.toBytes()).isEqualTo(concat(HEAD, MARKER_4A, bytes(0), bytes('h', 0)));
    }

    @Test
    void unknownCommandDecodes() {
        Socks4Request r = decodeAll(Socks4Request.DECODER, bytes(0x04, 0x03, 0, 80, 10, 0, 0, 1, 0));
        assertThat(r.command()).isEqualTo(Command.UDP_ASSOCIATE); // 3 is no SOCKS4 command, but a known code
        Socks4Request unknown = decodeAll(Socks4Request.DECODER, bytes(0x04, 0x09, 0, 80, 10, 0, 0, 1, 0));
        assertThat(unknown.command().isKnown()).isFalse();
    }

    @Test
    void wrongVersionIsMalformed() {
        assertMalformed(Socks4Request.DECODER, bytes(0x05));
        assertMalformed(Socks4Request.DECODER, bytes(0x05, 0x01, 0x00));
        assertMalformed(Socks4Request.DECODER, concat(bytes(0x05, 0x01, 0x00, 0x50, 10, 0, 0, 1), bytes(0)));
        assertMalformed(Socks4Request.DECODER, concat(bytes(0x00, 0x01, 0x00, 0x50, 10, 0, 0, 1), bytes(0)));
    }

    @Test
    void userIdOf255BytesIsTheLimit() {
        byte[] prefix = concat(HEAD, bytes(10, 0, 0, 1), repeat('u', 255));
        assertNeedMore(Socks4Request.DECODER, prefix);
        assertThat(decodeAll(Socks4Request.DECODER, concat(prefix, bytes(0))).userId()).hasSize(255);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 257, 1000, 70_000})
    void userIdLongerThan255BytesIsMalformedNotNeedMoreForever(int length) {
        assertMalformed(Socks4Request.DECODER, concat(HEAD, bytes(10, 0, 0, 1), repeat('u', length)));
        assertMalformed(Socks4Request.DECODER, concat(HEAD, MARKER_4A, repeat('u', length)));
    }

    @Test
    void socks4aHostOf255BytesIsTheLimit() {
        byte[] prefix = concat(HEAD, MARKER_4A, bytes('u', 0), repeat('h', 255));
        assertNeedMore(Socks4Request.DECODER, prefix);
        assertThat(decodeAll(Socks4Request.DECODER, concat(prefix, bytes(0))).destination().host()).hasSize(255);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 300, 5000})
    void socks4aHostLongerThan255BytesIsMalformed(int length) {
        assertMalformed(Socks4Request.DECODER, concat(HEAD, MARKER_4A, bytes(0), repeat('h', length)));
        assertMalformed(Socks4Request.DECODER, concat(HEAD, MARKER_4A, bytes(0), repeat('h', length), bytes(0)));
    }

    @Test
    void socks4aEmptyHostIsMalformed() {
        assertMalformed(Socks4Request.DECODER, concat(HEAD, MARKER_4A, bytes(0), bytes(0)));
        assertMalformed(Socks4Request.DECODER, concat(HEAD, MARKER_4A, bytes('u', 's', 'e', 'r', 0), bytes(0)));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks4Request.DECODER, bytes());
        assertNeedMore(Socks4Request.DECODER, bytes(0x04));
        assertNeedMore(Socks4Request.DECODER, concat(HEAD, bytes(10, 0, 0)));
        assertNeedMore(Socks4Request.DECODER, concat(HEAD, bytes(10, 0, 0, 1)));
        assertNeedMore(Socks4Request.DECODER, concat(HEAD, MARKER_4A, bytes(0)));
        assertNeedMore(Socks4Request.DECODER, concat(HEAD, MARKER_4A, bytes(0), bytes('h')));
    }

    @Test
    void constructorRefusesWhatSocks4CannotCarry() {
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT,
                SocksAddress.of(Fixtures.ipv6Documentation(), 80), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(10, 0, 0, 1), 80),
                "u".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(10, 0, 0, 1), 80),
                "a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorRefusesAUserIdOutsideLatin1() {
        // USERID is decoded as ISO-8859-1, so only Latin-1 text survives a round trip. Before the fix a user id
        // such as "日本" was silently sent as "??", and a surrogate pair made encodedLength() disagree with the
        // bytes written (toBytes() then ended in a stray zero byte).
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(10, 0, 0, 1), 80),
                "\u65e5\u672c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(10, 0, 0, 1), 80),
                "\uD83D\uDE00")).isInstanceOf(IllegalArgumentException.class);
        assertEncodesExactly(new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(10, 0, 0, 1), 80), "\u00ff"));
    }

    @Test
    void constructorRefusesAHostNameWithNul() {
        // NUL terminates HOST on the wire: "a\0b" would go out as host "a" followed by a stray "b\0" that the
        // server would read as the start of the next message.
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT, SocksAddress.domain("a\0b", 80), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 255})
    void constructorRefusesAnIpv4AddressThatReadsAsThe4aMarker(int last) {
        // 0.0.0.x (x != 0) is how SOCKS4a says "host name follows"; as a plain address it would make every
        // server (ours and Netty's) wait for a host name that never comes.
        assertThatThrownBy(() -> new Socks4Request(Command.CONNECT, SocksAddress.of(ipv4(0, 0, 0, last), 80), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
