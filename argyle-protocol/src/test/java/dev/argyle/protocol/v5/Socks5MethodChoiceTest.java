package dev.argyle.protocol.v5;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Socks5MethodChoiceTest {

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x02, 0x03, 0x80, 0xFE, 0xFF})
    void roundTripsThroughEveryReadPattern(int code) {
        byte[] wire = assertCodecContract(new Socks5MethodChoice(AuthMethod.of(code)), Socks5MethodChoice.DECODER);
        assertThat(wire).containsExactly(0x05, code);
    }

    @Test
    void unknownMethodDecodes() {
        Socks5MethodChoice choice = decodeAll(Socks5MethodChoice.DECODER, bytes(0x05, 0x03));
        assertThat(choice.method()).isEqualTo(new AuthMethod(0x03));
        assertThat(decodeAll(Socks5MethodChoice.DECODER, bytes(0x05, 0xFF)).method())
                .isSameAs(AuthMethod.NO_ACCEPTABLE);
    }

    @Test
    void wrongVersionIsMalformed() {
        assertMalformed(Socks5MethodChoice.DECODER, bytes(0x04, 0x00));
        assertMalformed(Socks5MethodChoice.DECODER, bytes(0x01, 0x00));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks5MethodChoice.DECODER, bytes());
        assertNeedMore(Socks5MethodChoice.DECODER, bytes(0x05));
    }

    @Test
    void authMethodValues() {
        assertThat(AuthMethod.of(0x00)).isSameAs(AuthMethod.NO_AUTH);
        assertThat(AuthMethod.of(0x01)).isSameAs(AuthMethod.GSSAPI);
        assertThat(AuthMethod.of(0x02)).isSameAs(AuthMethod.USERNAME_PASSWORD);
        assertThat(AuthMethod.of(0xFF)).isSameAs(AuthMethod.NO_ACCEPTABLE);
        assertThat(AuthMethod.of(0x80)).isEqualTo(new AuthMethod(0x80));
        assertThat(AuthMethod.NO_AUTH).hasToString("none");
        assertThat(AuthMethod.GSSAPI).hasToString("gssapi");
        assertThat(AuthMethod.USERNAME_PASSWORD).hasToString("password");
        assertThat(AuthMethod.NO_ACCEPTABLE).hasToString("no-acceptable");
        assertThatThrownBy(() -> new AuthMethod(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthMethod(0x100)).isInstanceOf(IllegalArgumentException.class);
    }
}
