package dev.argyle.protocol.auth;

import static dev.argyle.protocol.NettyOracle.decodeOk;
import static dev.argyle.protocol.NettyOracle.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5ClientEncoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthResponseDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 1929 against Netty's Socks5PasswordAuth* codec. */
class PasswordAuthNettyOracleTest {

    @ParameterizedTest
    @CsvSource(value = {"alice,s3cr3t", "u,p", "'',''", "bob,''", "user name,pass word!"})
    void requestBytesEqualNettysAndNettyDecodesThem(String username, String password) {
        PasswordAuthRequest ours = PasswordAuthRequest.of(username, password);
        byte[] theirs = encode(Socks5ClientEncoder.DEFAULT, new DefaultSocks5PasswordAuthRequest(username, password));
        assertThat(ours.toBytes()).isEqualTo(theirs);

        Socks5PasswordAuthRequest decoded = decodeOk(new Socks5PasswordAuthRequestDecoder(), ours.toBytes(),
                Socks5PasswordAuthRequest.class);
        assertThat(decoded.username()).isEqualTo(username);
        assertThat(decoded.password()).isEqualTo(password);
    }

    @Test
    void longestFieldsEqualNettys() {
        String u = "u".repeat(255);
        String p = "p".repeat(255);
        assertThat(PasswordAuthRequest.of(u, p).toBytes())
                .isEqualTo(encode(Socks5ClientEncoder.DEFAULT, new DefaultSocks5PasswordAuthRequest(u, p)));
    }

    @Test
    void nonAsciiTextDiffersFromNettyWhichWritesOneBytePerChar() {
        // Difference: Netty writes each char as one byte (ByteBufUtil.writeAscii: Latin-1, '?' above U+00FF) and
        // decodes as US-ASCII; PasswordAuthRequest.of(String, String) writes UTF-8, which is what curl and
        // browsers send for non-ASCII credentials. Raw bytes can be sent through the byte[] constructor.
        byte[] ours = PasswordAuthRequest.of("j\u00f6rg", "x").toBytes();
        byte[] theirs = encode(Socks5ClientEncoder.DEFAULT, new DefaultSocks5PasswordAuthRequest("j\u00f6rg", "x"));
        assertThat(ours).containsExactly(0x01, 0x05, 'j', 0xC3, 0xB6, 'r', 'g', 0x01, 'x');
        assertThat(theirs).containsExactly(0x01, 0x04, 'j', 0xF6, 'r', 'g', 0x01, 'x');
        assertThat(new PasswordAuthRequest(new byte[] {'j', (byte) 0xF6, 'r', 'g'}, new byte[] {'x'}).toBytes())
                .isEqualTo(theirs);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x02, 0xFF})
    void replyBytesEqualNettysAndNettyDecodesThem(int status) {
        PasswordAuthReply ours = new PasswordAuthReply(status);
        byte[] theirs = encode(Socks5ServerEncoder.DEFAULT,
                new DefaultSocks5PasswordAuthResponse(Socks5PasswordAuthStatus.valueOf((byte) status)));
        assertThat(ours.toBytes()).isEqualTo(theirs);

        Socks5PasswordAuthResponse decoded = decodeOk(new Socks5PasswordAuthResponseDecoder(), ours.toBytes(),
                Socks5PasswordAuthResponse.class);
        assertThat(decoded.status().byteValue() & 0xFF).isEqualTo(status);
        assertThat(decoded.status().isSuccess()).isEqualTo(ours.isSuccess());
    }
}
