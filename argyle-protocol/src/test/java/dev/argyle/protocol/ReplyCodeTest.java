package dev.argyle.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyCodeTest {

    @Test
    void ofReturnsTheConstants() {
        ReplyCode[] constants = {ReplyCode.SUCCEEDED, ReplyCode.GENERAL_FAILURE, ReplyCode.NOT_ALLOWED,
            ReplyCode.NETWORK_UNREACHABLE, ReplyCode.HOST_UNREACHABLE, ReplyCode.CONNECTION_REFUSED,
            ReplyCode.TTL_EXPIRED, ReplyCode.COMMAND_NOT_SUPPORTED, ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED};
        for (int code = 0; code <= 8; code++) {
            assertThat(ReplyCode.of(code)).isSameAs(constants[code]);
            assertThat(constants[code].code()).isEqualTo(code);
        }
        assertThat(ReplyCode.of(0x42)).isEqualTo(new ReplyCode(0x42));
        assertThat(ReplyCode.of(0xFF).code()).isEqualTo(0xFF);
    }

    @Test
    void codeIsOneByte() {
        assertThatThrownBy(() -> new ReplyCode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplyCode(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyZeroIsSuccess() {
        assertThat(ReplyCode.SUCCEEDED.isSuccess()).isTrue();
        for (int code = 1; code <= 0xFF; code++) {
            assertThat(ReplyCode.of(code).isSuccess()).isFalse();
        }
    }

    @Test
    void describeUsesTheRfcWording() {
        assertThat(ReplyCode.SUCCEEDED.describe()).isEqualTo("succeeded");
        assertThat(ReplyCode.GENERAL_FAILURE.describe()).isEqualTo("general SOCKS server failure");
        assertThat(ReplyCode.NOT_ALLOWED.describe()).isEqualTo("connection not allowed by ruleset");
        assertThat(ReplyCode.NETWORK_UNREACHABLE.describe()).isEqualTo("network unreachable");
        assertThat(ReplyCode.HOST_UNREACHABLE.describe()).isEqualTo("host unreachable");
        assertThat(ReplyCode.CONNECTION_REFUSED.describe()).isEqualTo("connection refused");
        assertThat(ReplyCode.TTL_EXPIRED.describe()).isEqualTo("TTL expired");
        assertThat(ReplyCode.COMMAND_NOT_SUPPORTED.describe()).isEqualTo("command not supported");
        assertThat(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED.describe()).isEqualTo("address type not supported");
        assertThat(ReplyCode.of(0x09).describe()).isEqualTo("unassigned reply 0x09");
        assertThat(ReplyCode.CONNECTION_REFUSED).hasToString("0x05 (connection refused)");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), 0x05),
                Arguments.of(new ConnectException("connect(..) failed: Connection refused: /192.0.2.1:80"), 0x05),
                Arguments.of(new ConnectException(), 0x05),
                Arguments.of(new PortUnreachableException(), 0x05),
                Arguments.of(new NoRouteToHostException("No route to host"), 0x04),
                Arguments.of(new NoRouteToHostException(), 0x04),
                Arguments.of(new SocketException("Host is unreachable"), 0x04),
                Arguments.of(new IOException("Network is unreachable"), 0x03),
                Arguments.of(new ConnectException("Network is unreachable"), 0x03),
                Arguments.of(new SocketException("connect failed: network unreachable"), 0x03),
                Arguments.of(new UnknownHostException("nonexistent.invalid"), 0x04),
                Arguments.of(new UnknownHostException(), 0x04),
                Arguments.of(new SocketTimeoutException("connect timed out"), 0x06),
                Arguments.of(new SocketTimeoutException(), 0x06),
                Arguments.of(new TimeoutException(), 0x06),
                Arguments.of(new TimeoutException("resolve took too long"), 0x06),
                // Netty's ConnectTimeoutException extends ConnectException: it must not read as "refused".
                Arguments.of(new ConnectTimeoutException("connection timed out after 10000 ms: /192.0.2.1:80"), 0x06),
                Arguments.of(new ConnectTimeoutException(), 0x06),
                Arguments.of(new ConnectException("Connection timed out"), 0x06),
                Arguments.of(new IOException("something else"), 0x01),
                Arguments.of(new IOException(), 0x01),
                Arguments.of(new IllegalStateException("boom"), 0x01),
                Arguments.of(new RuntimeException(new IllegalArgumentException("deeper")), 0x01));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void forFailureMapsEachCause(Throwable failure, int expected) {
        assertThat(ReplyCode.forFailure(failure).code()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "wrapped {0} -> {1}")
    @MethodSource("failures")
    void forFailureLooksThroughWrappers(Throwable failure, int expected) {
        assertThat(ReplyCode.forFailure(new CompletionException(failure)).code()).isEqualTo(expected);
        assertThat(ReplyCode.forFailure(new ExecutionException(failure)).code()).isEqualTo(expected);
        assertThat(ReplyCode.forFailure(new RuntimeException("outer", new CompletionException("middle", failure)))
                .code()).isEqualTo(expected);
    }

    @Test
    void forFailureOfNullIsGeneralFailure() {
        assertThat(ReplyCode.forFailure(null)).isEqualTo(ReplyCode.GENERAL_FAILURE);
    }

    @Test
    void forFailureTerminatesOnACauseCycle() {
        // Throwable.initCause forbids only self-causation; a two-exception cycle is legal and must not hang.
        IOException a = new IOException("a");
        IOException b = new IOException("b");
        a.initCause(b);
        b.initCause(a);
        ReplyCode code = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ReplyCode.forFailure(a));
        assertThat(code).isEqualTo(ReplyCode.GENERAL_FAILURE);

        IOException c = new IOException("c");
        ConnectException refused = new ConnectException("Connection refused");
        c.initCause(refused);
        refused.initCause(c);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ReplyCode.forFailure(c)))
                .isEqualTo(ReplyCode.CONNECTION_REFUSED);
    }
}
