package dev.argyle.protocol.auth;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;

/**
 * The username/password response (RFC 1929 section 2). STATUS 0 is success; anything else is failure and
 * the server must close the connection.
 *
 * <pre>
 * +----+--------+
 * |VER | STATUS |
 * +----+--------+
 * | 1  |   1    |
 * +----+--------+
 * </pre>
 *
 * @param status STATUS
 */
public record PasswordAuthReply(int status) implements WireMessage {
    public static final Decoder<PasswordAuthReply> DECODER = PasswordAuthReply::decode;
    public static final PasswordAuthReply SUCCESS = new PasswordAuthReply(0x00);
    public static final PasswordAuthReply FAILURE = new PasswordAuthReply(0x01);

    public PasswordAuthReply {
        if (status < 0 || status > 0xFF) {
            throw new IllegalArgumentException("status is one byte: " + status);
        }
    }

    public boolean isSuccess() {
        return status == 0;
    }

    @Override
    public int encodedLength() {
        return 2;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) PasswordAuthRequest.VERSION).put((byte) status);
    }

    private static DecodeResult<PasswordAuthReply> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(2)) {
            return DecodeResult.needMore();
        }
        if (in.u8() != PasswordAuthRequest.VERSION) {
            return DecodeResult.malformed("not RFC 1929 version 1");
        }
        int status = in.u8();
        in.commit();
        return DecodeResult.done(new PasswordAuthReply(status));
    }
}
