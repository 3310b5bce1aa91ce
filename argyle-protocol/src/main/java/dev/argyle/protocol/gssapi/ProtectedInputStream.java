package dev.argyle.protocol.gssapi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.ietf.jgss.GSSException;

/**
 * Reads RFC 1961 MTYP 3 messages (section 5) and returns their unwrapped plaintext. The end of the stream
 * between messages is the end; inside one, or any message that is not MTYP 3 or fails to unwrap (tampered,
 * replayed, reordered), is an {@link IOException}. One reading thread at a time.
 */
public final class ProtectedInputStream extends InputStream {
    private static final byte[] NONE = new byte[0];

    private final InputStream raw;
    private final MessageProtection protection;
    private byte[] plain = NONE;
    private int pos;

    public ProtectedInputStream(InputStream raw, MessageProtection protection) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.protection = Objects.requireNonNull(protection, "protection");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pos == plain.length) {
            if (!nextMessage()) {
                return -1;
            }
        }
        int n = Math.min(len, plain.length - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return plain.length - pos;
    }

    private boolean nextMessage() throws IOException {
        int first = raw.read();
        if (first < 0) {
            return false;
        }
        GssFrame frame = GssClientExchange.read(new PushbackFirst(first, raw));
        if (frame.type() != GssFrame.MESSAGE) {
            throw new IOException(frame.isAbort() ? "the peer aborted the GSS-API session"
                    : "expected an RFC 1961 encapsulated message (MTYP 3), got MTYP " + frame.type());
        }
        try {
            plain = protection.unwrap(frame.token());
        } catch (GSSException e) {
            throw new IOException("GSS-API unwrap failed: " + e.getMessage(), e);
        }
        pos = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** {@code raw} with one byte, already read, put back in front. */
    private static final class PushbackFirst extends InputStream {
        private int first;
        private final InputStream raw;

        PushbackFirst(int first, InputStream raw) {
            this.first = first;
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            if (first >= 0) {
                int b = first;
                first = -1;
                return b;
            }
            return raw.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (first >= 0) {
                b[off] = (byte) first;
                first = -1;
                return 1;
            }
            return raw.read(b, off, len);
        }
    }
}
