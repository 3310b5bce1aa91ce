package dev.argyle.protocol.v5;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;

/**
 * The server's METHOD selection message (RFC 1928 section 3).
 *
 * <pre>
 * +-----+--------+
 * | VER | METHOD |
 * +-----+--------+
 * |  1  |   1    |
 * +-----+--------+
 * </pre>
 *
 * @param method the chosen method, or {@link AuthMethod#NO_ACCEPTABLE}
 */
public record Socks5MethodChoice(AuthMethod method) implements WireMessage {
    public static final Decoder<Socks5MethodChoice> DECODER = Socks5MethodChoice::decode;

    @Override
    public int encodedLength() {
        return 2;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) Socks5.VERSION).put((byte) method.code());
    }

    private static DecodeResult<Socks5MethodChoice> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(2)) {
            return DecodeResult.needMore();
        }
        if (in.u8() != Socks5.VERSION) {
            return DecodeResult.malformed("not SOCKS version 5");
        }
        AuthMethod method = AuthMethod.of(in.u8());
        in.commit();
        return DecodeResult.done(new Socks5MethodChoice(method));
    }
}
