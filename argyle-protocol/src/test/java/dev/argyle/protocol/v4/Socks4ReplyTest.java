package dev.argyle.protocol.v4;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.Fixtures.ipv4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Socks4ReplyTest {

    static Stream<Arguments> replies() {
        return Stream.of(0x5A, 0x5B, 0x5C, 0x5D, 0x00, 0xFF).flatMap(code -> Stream.of(
                Arguments.of(Socks4Status.of(code), 0, ipv4(0, 0, 0, 0)),
                Arguments.of(Socks4Status.of(code), 1080, ipv4(192, 0, 2, 1)),
                Arguments.of(Socks4Status.of(code), 65535, ipv4(255, 255, 255, 255))));
    }

    @ParameterizedTest(name = "{0} {2}:{1}")
    @MethodSource("replies")
    void roundTripsThroughEveryReadPattern(Socks4Status status, int port, Inet4Address address) {
        byte[] wire = assertCodecContract(new Socks4Reply(status, port, address), Socks4Reply.DECODER);
        assertThat(wire).hasSize(8);
        assertThat(wire[0]).as("VN of a reply").isZero();
    }

    @Test
    void wireBytes() {
        assertThat(new Socks4Reply(Socks4Status.GRANTED, 1080, ipv4(192, 0, 2, 1)).toBytes())
                .containsExactly(0x00, 0x5A, 0x04, 0x38, 192, 0, 2, 1);
        assertThat(Socks4Reply.rejected().toBytes()).containsExactly(0x00, 0x5B, 0, 0, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x04, 0x05, 0x01, 0xFF})
    void wrongVersionIsMalformed(int version) {
        assertMalformed(Socks4Reply.DECODER, bytes(version, 0x5A, 0, 80, 10, 0, 0, 1));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks4Reply.DECODER, bytes());
        assertNeedMore(Socks4Reply.DECODER, bytes(0x00, 0x5A, 0, 80, 10, 0, 0));
    }

    @Test
    void statusValues() {
        assertThat(Socks4Status.of(0x5A)).isSameAs(Socks4Status.GRANTED);
        assertThat(Socks4Status.of(0x5B)).isSameAs(Socks4Status.REJECTED);
        assertThat(Socks4Status.of(0x5C)).isSameAs(Socks4Status.IDENT_UNREACHABLE);
        assertThat(Socks4Status.of(0x5D)).isSameAs(Socks4Status.IDENT_MISMATCH);
        assertThat(Socks4Status.GRANTED.isGranted()).isTrue();
        assertThat(Socks4Status.REJECTED.isGranted()).isFalse();
        assertThat(Socks4Status.of(0x00).isGranted()).isFalse();
        assertThat(Socks4Status.GRANTED).hasToString("0x5a (granted)");
        assertThat(Socks4Status.of(0x42)).hasToString("0x42 (unassigned)");
        assertThat(decodeAll(Socks4Reply.DECODER, bytes(0, 0x42, 0, 0, 0, 0, 0, 0)).status().code()).isEqualTo(0x42);
    }

    @Test
    void statusIsOneByte() {
        // Before the fix new Socks4Status(0x15A) was "not granted" yet went out as 0x5A, "granted".
        assertThatThrownBy(() -> new Socks4Status(0x15A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks4Status(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portIsTwoBytes() {
        // Before the fix port 70000 was silently written as 4464.
        assertThatThrownBy(() -> new Socks4Reply(Socks4Status.GRANTED, 70_000, ipv4(10, 0, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks4Reply(Socks4Status.GRANTED, -1, ipv4(10, 0, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
