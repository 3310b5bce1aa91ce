package dev.argyle.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a buffer with absolute gets from its position on, so a decoder that runs out of bytes can return
 * "need more" without having moved the buffer. {@link #commit()} moves the buffer past what was read.
 */
public final class ByteCursor {
    private final ByteBuffer buf;
    private int offset;

    public ByteCursor(ByteBuffer buf) {
        this.buf = buf;
        this.offset = buf.position();
    }

    /** True when at least {@code n} more bytes are readable. */
    public boolean has(int n) {
        return buf.limit() - offset >= n;
    }

    public int u8() {
        return buf.get(offset++) & 0xFF;
    }

    public int u16() {
        int v = ((buf.get(offset) & 0xFF) << 8) | (buf.get(offset + 1) & 0xFF);
        offset += 2;
        return v;
    }

    public byte[] bytes(int n) {
        byte[] out = new byte[n];
        buf.get(offset, out);
        offset += n;
        return out;
    }

    /** The distance from the current read offset to the first {@code 0} byte, or -1 if none within {@code max} bytes. */
    public int indexOfNul(int max) {
        int end = Math.min(buf.limit(), offset + max + 1);
        for (int i = offset; i < end; i++) {
            if (buf.get(i) == 0) {
                return i - offset;
            }
        }
        return -1;
    }

    /** Bytes readable after the current offset. */
    public int remaining() {
        return buf.limit() - offset;
    }

    /** {@code n} bytes as ISO-8859-1 text: byte-preserving, so a name re-encodes to exactly its bytes. */
    public String latin1(int n) {
        return new String(bytes(n), StandardCharsets.ISO_8859_1);
    }

    /** Moves the underlying buffer's position to the cursor. */
    public void commit() {
        buf.position(offset);
    }
}
