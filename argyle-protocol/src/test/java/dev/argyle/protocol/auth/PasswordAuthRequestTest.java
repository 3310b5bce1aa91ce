package dev.argyle.protocol.auth;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.concat;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.CodecChecks.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordAuthRequestTest {

    static Stream<PasswordAuthRequest> requests() {
        return Stream.of(
                PasswordAuthRequest.of("alice", "s3cr3t"),
                PasswordAuthRequest.of("u", "p"),
                PasswordAuthRequest.of("", ""),
                PasswordAuthRequest.of("bob", ""),
                PasswordAuthRequest.of("j\u00f6rg", "p\u00e4ss\u2603"),
                new PasswordAuthRequest(repeat('u', 255), repeat('p', 255)),
                new PasswordAuthRequest(bytes(0x00, 0xFF, 0x80), bytes(0xC3, 0x28)));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void roundTripsThroughEveryReadPattern(PasswordAuthRequest request) {
        byte[] wire = assertCodecContract(request, PasswordAuthRequest.DECODER);
        assertThat(wire).hasSize(request.encodedLength());
        assertThat(wire[0]).isEqualTo((byte) 0x01);
    }

    @Test
    void wireBytes() {
        assertThat(PasswordAuthRequest.of("al", "pw1").toBytes())
                .containsExactly(0x01, 0x02, 'a', 'l', 0x03, 'p', 'w', '1');
        // Fields are UTF-8 when built from text.
        assertThat(PasswordAuthRequest.of("\u00f6", "x").toBytes()).containsExactly(0x01, 0x02, 0xC3, 0xB6, 0x01, 'x');
    }

    @Test
    void accessors() {
        PasswordAuthRequest r = PasswordAuthRequest.of("j\u00f6rg", "p\u00e4ss");
        assertThat(r.username()).isEqualTo("j\u00f6rg");
        assertThat(r.passwordBytes()).isEqualTo("p\u00e4ss".getBytes(StandardCharsets.UTF_8));
        assertThat(r.passwordChars()).containsExactly('p', '\u00e4', 's', 's');
    }

    @Test
    void passwordIsCopiedInAndOut() {
        byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
        PasswordAuthRequest r = new PasswordAuthRequest("u".getBytes(StandardCharsets.UTF_8), pw);
        pw[0] = 'X';
        r.passwordBytes()[1] = 'Y';
        r.passwordChars()[2] = 'Z';
        assertThat(r.passwordBytes()).isEqualTo("secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toStringNeverShowsThePassword() {
        String password = "hunter2-Correct-Horse";
        PasswordAuthRequest r = PasswordAuthRequest.of("alice", password);
        assertThat(r.toString()).contains("alice").doesNotContain(password).doesNotContain("hunter");
        PasswordAuthRequest decoded = decodeAll(PasswordAuthRequest.DECODER, r.toBytes());
        assertThat(decoded.toString()).doesNotContain(password).doesNotContain("hunter");
        assertThat(String.valueOf(new Object[] {r})).doesNotContain(password);
    }

    @Test
    void equalsComparesBothFields() {
        assertThat(PasswordAuthRequest.of("a", "b")).isEqualTo(PasswordAuthRequest.of("a", "b"))
                .hasSameHashCodeAs(PasswordAuthRequest.of("a", "b"))
                .isNotEqualTo(PasswordAuthRequest.of("a", "c"))
                .isNotEqualTo(PasswordAuthRequest.of("b", "b"))
                .isNotEqualTo("a");
    }

    @Test
    void fieldsAreAtMost255Bytes() {
        assertThatThrownBy(() -> new PasswordAuthRequest(new byte[256], new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordAuthRequest(new byte[1], new byte[256]))
                .isInstanceOf(IllegalArgumentException.class);
        // 128 two-byte characters are 256 bytes.
        assertThatThrownBy(() -> PasswordAuthRequest.of("u", "\u00e9".repeat(128)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0xFF})
    void wrongVersionIsMalformed(int version) {
        assertMalformed(PasswordAuthRequest.DECODER, bytes(version));
        assertMalformed(PasswordAuthRequest.DECODER, bytes(version, 0x01, 'u', 0x01, 'p'));
    }

    @Test
    void emptyFieldsDecode() {
        PasswordAuthRequest r = decodeAll(PasswordAuthRequest.DECODER, bytes(0x01, 0x00, 0x00));
        assertThat(r.username()).isEmpty();
        assertThat(r.passwordBytes()).isEmpty();
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(PasswordAuthRequest.DECODER, bytes());
        assertNeedMore(PasswordAuthRequest.DECODER, bytes(0x01));
        assertNeedMore(PasswordAuthRequest.DECODER, bytes(0x01, 0x02, 'u'));
        assertNeedMore(PasswordAuthRequest.DECODER, bytes(0x01, 0x02, 'u', 's'));
        assertNeedMore(PasswordAuthRequest.DECODER, concat(bytes(0x01, 0x01, 'u', 0xFF), repeat('p', 254)));
    }
}
