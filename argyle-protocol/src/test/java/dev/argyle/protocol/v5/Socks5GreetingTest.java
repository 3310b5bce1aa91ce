package dev.argyle.protocol.v5;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Socks5GreetingTest {

    static Stream<Socks5Greeting> greetings() {
        List<AuthMethod> all = IntStream.range(0, 255).mapToObj(AuthMethod::of).toList();
        return Stream.of(
                Socks5Greeting.of(AuthMethod.NO_AUTH),
                Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.USERNAME_PASSWORD),
                Socks5Greeting.of(AuthMethod.USERNAME_PASSWORD, AuthMethod.GSSAPI, AuthMethod.of(0x80),
                        AuthMethod.of(0xFE), AuthMethod.NO_ACCEPTABLE),
                Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.NO_AUTH),
                new Socks5Greeting(all));
    }

    @ParameterizedTest
    @MethodSource("greetings")
    void roundTripsThroughEveryReadPattern(Socks5Greeting greeting) {
        byte[] wire = assertCodecContract(greeting, Socks5Greeting.DECODER);
        assertThat(wire).hasSize(2 + greeting.methods().size());
    }

    @Test
    void wireBytes() {
        assertThat(Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.USERNAME_PASSWORD).toBytes())
                .containsExactly(0x05, 0x02, 0x00, 0x02);
    }

    @Test
    void unknownMethodCodesDecode() {
        Socks5Greeting g = decodeAll(Socks5Greeting.DECODER, bytes(0x05, 0x03, 0x03, 0x80, 0xFE));
        assertThat(g.methods()).extracting(AuthMethod::code).containsExactly(0x03, 0x80, 0xFE);
        assertThat(g.methods().get(1)).hasToString("method-0x80");
        assertThat(g.offers(AuthMethod.NO_AUTH)).isFalse();
        assertThat(g.offers(AuthMethod.of(0xFE))).isTrue();
    }

    @Test
    void wrongVersionIsMalformedAsSoonAsTheFirstByteArrives() {
        assertMalformed(Socks5Greeting.DECODER, bytes(0x04));
        assertMalformed(Socks5Greeting.DECODER, bytes(0x04, 0x01, 0x00));
        assertMalformed(Socks5Greeting.DECODER, bytes(0x00, 0x01, 0x00));
        // A SOCKS4 request or an HTTP request arriving at a SOCKS5-only port.
        assertMalformed(Socks5Greeting.DECODER, bytes(0x04, 0x01, 0x00, 0x50, 10, 0, 0, 1, 0));
        assertMalformed(Socks5Greeting.DECODER, "GET / HTTP/1.1\r\n".getBytes());
    }

    @Test
    void zeroMethodsIsMalformed() {
        assertMalformed(Socks5Greeting.DECODER, bytes(0x05, 0x00));
        assertMalformed(Socks5Greeting.DECODER, bytes(0x05, 0x00, 0x05, 0x01, 0x00));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(Socks5Greeting.DECODER, bytes());
        assertNeedMore(Socks5Greeting.DECODER, bytes(0x05));
        assertNeedMore(Socks5Greeting.DECODER, bytes(0x05, 0x03, 0x00, 0x01));
    }

    @Test
    void constructorChecksTheMethodCount() {
        assertThatThrownBy(() -> new Socks5Greeting(List.of())).isInstanceOf(IllegalArgumentException.class);
        List<AuthMethod> tooMany = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tooMany.add(AuthMethod.of(i));
        }
        assertThatThrownBy(() -> new Socks5Greeting(tooMany)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void methodsAreCopied() {
        List<AuthMethod> source = new ArrayList<>(List.of(AuthMethod.NO_AUTH));
        Socks5Greeting g = new Socks5Greeting(source);
        source.add(AuthMethod.GSSAPI);
        assertThat(g.methods()).containsExactly(AuthMethod.NO_AUTH);
    }
}
