package dev.argyle.protocol.gssapi;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One message of the GSS-API method (RFC 1961 sections 3 to 5): a context token, a protection-level
 * message or an encapsulated (protected) piece of the stream.
 *
 * <pre>
 * +------+------+------+.......................+
 * | VER  | MTYP | LEN  |        TOKEN          |
 * +------+------+------+.......................+
 * | 0x01 |  1   |  2   | up to 2^16 - 1 octets |
 * +------+------+------+.......................+
 * </pre>
 *
 * MTYP 1 carries context-establishment tokens (section 3.3), 2 the protection-level sub-negotiation
 * (section 4.3), 3 encapsulated user data (section 5). A failed context establishment is reported with the
 * two-byte abort message {@code 01 FF} (section 3.3), which has no LEN and no TOKEN. LEN is big-endian.
 *
 * @param type  MTYP: {@link #CONTEXT}, {@link #PROTECTION}, {@link #MESSAGE} or {@link #ABORT}
 * @param token TOKEN (empty for an abort)
 */
public record GssFrame(int type, byte[] token) implements WireMessage {
    public static final Decoder<GssFrame> DECODER = GssFrame::decode;
    /** VER of the GSS-API sub-negotiation, not of SOCKS. */
    public static final int VERSION = 0x01;
    public static final int CONTEXT = 0x01;
    public static final int PROTECTION = 0x02;
    public static final int MESSAGE = 0x03;
    public static final int ABORT = 0xFF;
    /** The largest TOKEN: LEN is two octets. */
    public static final int MAX_TOKEN = 0xFFFF;
    /** The largest frame on the wire. */
    public static final int MAX_FRAME = 4 + MAX_TOKEN;
    /** The abort message (section 3.3). */
    public static final GssFrame ABORT_FRAME = new GssFrame(ABORT, new byte[0]);

    public GssFrame {
        if (type != CONTEXT && type != PROTECTION && type != MESSAGE && type != ABORT) {
            throw new IllegalArgumentException("MTYP is 1, 2, 3 or 0xFF: " + type);
        }
        if (token.length > MAX_TOKEN) {
            throw new IllegalArgumentException("TOKEN is at most 65535 bytes: " + token.length);
        }
        if (type == ABORT && token.length != 0) {
            throw new IllegalArgumentException("the abort message has no token");
        }
        token = token.clone();
    }

    public static GssFrame context(byte[] token) {
        return new GssFrame(CONTEXT, token);
    }

    public static GssFrame protection(byte[] token) {
        return new GssFrame(PROTECTION, token);
    }

    public static GssFrame message(byte[] token) {
        return new GssFrame(MESSAGE, token);
    }

    public boolean isAbort() {
        return type == ABORT;
    }

    /** A copy of TOKEN. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    /** TOKEN's length, without copying it. */
    public int tokenLength() {
        return token.length;
    }

    @Override
    public int encodedLength() {
        return type == ABORT ? 2 : 4 + token.length;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) VERSION).put((byte) type);
        if (type != ABORT) {
            out.putShort((short) token.length).put(token);
        }
    }

    private static DecodeResult<GssFrame> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        if (in.u8() != VERSION) {
            return DecodeResult.malformed("not RFC 1961 version 1");
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int type = in.u8();
        if (type == ABORT) {
            in.commit();
            return DecodeResult.done(ABORT_FRAME);
        }
        if (type != CONTEXT && type != PROTECTION && type != MESSAGE) {
            return DecodeResult.malformed("unknown RFC 1961 message type");
        }
        if (!in.has(2)) {
            return DecodeResult.needMore();
        }
        int len = in.u16();
        if (!in.has(len)) { // nothing is allocated before the whole token is there
            return DecodeResult.needMore();
        }
        byte[] token = in.bytes(len);
        in.commit();
        return DecodeResult.done(new GssFrame(type, token));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GssFrame other && type == other.type && Arrays.equals(token, other.token);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return String.format("GssFrame[mtyp=0x%02x, token=%d bytes]", type, token.length);
    }
}
