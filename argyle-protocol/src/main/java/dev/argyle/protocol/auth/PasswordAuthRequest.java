package dev.argyle.protocol.auth;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The username/password request (RFC 1929 section 2).
 *
 * <pre>
 * +----+------+----------+------+----------+
 * |VER | ULEN |  UNAME   | PLEN |  PASSWD  |
 * +----+------+----------+------+----------+
 * | 1  |  1   | 1 to 255 |  1   | 1 to 255 |
 * +----+------+----------+------+----------+
 * </pre>
 *
 * Fields are kept as bytes (the RFC names no character set); {@link #username()} reads them as UTF-8.
 * Zero-length fields are accepted on decode, since some clients send an empty password, and simply fail
 * to authenticate. {@link #toString()} never shows the password.
 */
public final class PasswordAuthRequest implements WireMessage {
    public static final Decoder<PasswordAuthRequest> DECODER = PasswordAuthRequest::decode;
    /** VER of the sub-negotiation, not of SOCKS. */
    public static final int VERSION = 0x01;

    private final byte[] username;
    private final byte[] password;

    public PasswordAuthRequest(byte[] username, byte[] password) {
        if (username.length > 255 || password.length > 255) {
            throw new IllegalArgumentException("user name and password are at most 255 bytes each");
        }
        this.username = username.clone();
        this.password = password.clone();
    }

    public static PasswordAuthRequest of(String username, String password) {
        return new PasswordAuthRequest(username.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    public String username() {
        return new String(username, StandardCharsets.UTF_8);
    }

    /** A copy of the password bytes; callers should wipe it after use. */
    public byte[] passwordBytes() {
        return password.clone();
    }

    /** The password as UTF-8 characters; callers should wipe the array after use. */
    public char[] passwordChars() {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        return out;
    }

    @Override
    public int encodedLength() {
        return 3 + username.length + password.length;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) VERSION).put((byte) username.length).put(username)
                .put((byte) password.length).put(password);
    }

    private static DecodeResult<PasswordAuthRequest> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(2)) {
            return in.has(1) && in.u8() != VERSION
                    ? DecodeResult.malformed("not RFC 1929 version 1") : DecodeResult.needMore();
        }
        if (in.u8() != VERSION) {
            return DecodeResult.malformed("not RFC 1929 version 1");
        }
        int ulen = in.u8();
        if (!in.has(ulen + 1)) {
            return DecodeResult.needMore();
        }
        byte[] user = in.bytes(ulen);
        int plen = in.u8();
        if (!in.has(plen)) {
            return DecodeResult.needMore();
        }
        byte[] pass = in.bytes(plen);
        in.commit();
        return DecodeResult.done(new PasswordAuthRequest(user, pass));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordAuthRequest other
                && Arrays.equals(username, other.username) && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(username);
    }

    @Override
    public String toString() {
        return "PasswordAuthRequest[username=" + username() + ", password=(hidden)]";
    }
}
