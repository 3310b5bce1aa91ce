package dev.argyle.protocol.auth;

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

class PasswordAuthReplyTest {

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x02, 0x7F, 0xFF})
    void roundTripsThroughEveryReadPattern(int status) {
        byte[] wire = assertCodecContract(new PasswordAuthReply(status), PasswordAuthReply.DECODER);
        assertThat(wire).containsExactly(0x01, status);
    }

    @Test
    void onlyZeroIsSuccess() {
        assertThat(PasswordAuthReply.SUCCESS.isSuccess()).isTrue();
        assertThat(PasswordAuthReply.FAILURE.isSuccess()).isFalse();
        assertThat(decodeAll(PasswordAuthReply.DECODER, bytes(0x01, 0x00))).isEqualTo(PasswordAuthReply.SUCCESS);
        assertThat(decodeAll(PasswordAuthReply.DECODER, bytes(0x01, 0xFF)).isSuccess()).isFalse();
    }

    @Test
    void statusIsOneByte() {
        // Before the fix new PasswordAuthReply(0x100) said isSuccess() == false but went out as 0x00: success.
        assertThatThrownBy(() -> new PasswordAuthReply(0x100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordAuthReply(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05})
    void wrongVersionIsMalformed(int version) {
        assertMalformed(PasswordAuthReply.DECODER, bytes(version, 0x00));
    }

    @Test
    void partialInputNeedsMore() {
        assertNeedMore(PasswordAuthReply.DECODER, bytes());
        assertNeedMore(PasswordAuthReply.DECODER, bytes(0x01));
    }
}
