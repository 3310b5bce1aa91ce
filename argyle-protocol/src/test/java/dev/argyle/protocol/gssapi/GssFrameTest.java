package dev.argyle.protocol.gssapi;

import static dev.argyle.protocol.CodecChecks.assertCodecContract;
import static dev.argyle.protocol.CodecChecks.assertMalformed;
import static dev.argyle.protocol.CodecChecks.assertNeedMore;
import static dev.argyle.protocol.CodecChecks.bytes;
import static dev.argyle.protocol.CodecChecks.concat;
import static dev.argyle.protocol.CodecChecks.decodeAll;
import static dev.argyle.protocol.CodecChecks.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.DecodeResult;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GssFrameTest {

    static Stream<GssFrame> frames() {
        return Stream.of(
                GssFrame.context(bytes(0x60, 0x82, 0x01)),
                GssFrame.context(new byte[0]),
                GssFrame.protection(bytes(1, 2, 3, 4)),
                GssFrame.message(repeat(0xAB, 300)),
                GssFrame.message(repeat(7, GssFrame.MAX_TOKEN)),
                GssFrame.ABORT_FRAME);
    }

    @ParameterizedTest
    @MethodSource("frames")
    void roundTripsThroughEveryReadPattern(GssFrame frame) {
        byte[] wire = assertCodecContract(frame, GssFrame.DECODER);
        assertThat(wire).hasSize(frame.encodedLength());
        assertThat(wire[0]).isEqualTo((byte) 0x01);
        assertThat(decodeAll(GssFrame.DECODER, wire).toBytes()).isEqualTo(wire); // encode(decode(x)) == x
    }

    @Test
    void wireBytes() {
        assertThat(GssFrame.context(bytes(0xAA, 0xBB)).toBytes()).containsExactly(0x01, 0x01, 0x00, 0x02, 0xAA, 0xBB);
        assertThat(GssFrame.protection(bytes(9)).toBytes()).containsExactly(0x01, 0x02, 0x00, 0x01, 0x09);
        assertThat(GssFrame.message(repeat(0, 0x0102)).toBytes()).startsWith(0x01, 0x03, 0x01, 0x02);
        // The abort is two bytes: no LEN, no TOKEN (RFC 1961 section 3.3).
        assertThat(GssFrame.ABORT_FRAME.toBytes()).containsExactly(0x01, 0xFF);
    }

    @Test
    void abortDecodesFromTwoBytesAndLeavesTheRest() {
        ByteBuffer in = ByteBuffer.wrap(bytes(0x01, 0xFF, 0x05));
        DecodeResult<GssFrame> r = GssFrame.DECODER.decode(in);
        assertThat(r).isEqualTo(DecodeResult.done(GssFrame.ABORT_FRAME));
        assertThat(((DecodeResult.Done<GssFrame>) r).message().isAbort()).isTrue();
        assertThat(in.position()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0xFF})
    void otherVersionsAreMalformed(int version) {
        assertMalformed(GssFrame.DECODER, bytes(version));
        assertMalformed(GssFrame.DECODER, bytes(version, 0x01, 0x00, 0x00));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x04, 0x80, 0xFE})
    void unknownTypesAreMalformed(int type) {
        assertMalformed(GssFrame.DECODER, bytes(0x01, type));
    }

    @Test
    void aLengthClaimWaitsForItsBytes() {
        assertNeedMore(GssFrame.DECODER, bytes(0x01, 0x03, 0xFF, 0xFF));
        assertNeedMore(GssFrame.DECODER, concat(bytes(0x01, 0x03, 0xFF, 0xFF), repeat(1, 65534)));
    }

    @Test
    void constructorRefusesWhatCannotBeEncoded() {
        assertThatThrownBy(() -> new GssFrame(0x04, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GssFrame.message(new byte[GssFrame.MAX_TOKEN + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GssFrame(GssFrame.ABORT, bytes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenIsCopiedInAndOut() {
        byte[] t = bytes(1, 2, 3);
        GssFrame f = GssFrame.message(t);
        t[0] = 9;
        f.token()[1] = 9;
        assertThat(f.token()).containsExactly(1, 2, 3);
        assertThat(f).isEqualTo(GssFrame.message(bytes(1, 2, 3))).hasSameHashCodeAs(GssFrame.message(bytes(1, 2, 3)));
        assertThat(f.toString()).contains("3 bytes");
    }

    @Test
    void protectionLevelsParseAndMapToOctets() {
        assertThat(ProtectionLevel.parse("Integrity")).isEqualTo(ProtectionLevel.INTEGRITY);
        assertThat(ProtectionLevel.parse("2")).isEqualTo(ProtectionLevel.CONFIDENTIALITY);
        assertThat(ProtectionLevel.ofCode(3)).isEqualTo(ProtectionLevel.SELECTIVE);
        assertThat(ProtectionLevel.ofCode(4)).isNull();
        assertThat(ProtectionLevel.CLEAR.wraps()).isFalse();
        assertThat(ProtectionLevel.INTEGRITY.confidential()).isFalse();
        assertThatThrownBy(() -> ProtectionLevel.parse("strong")).hasMessageContaining("integrity");
    }
}
