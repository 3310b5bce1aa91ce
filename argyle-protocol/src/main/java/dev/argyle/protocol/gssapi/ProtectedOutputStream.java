package dev.argyle.protocol.gssapi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.ietf.jgss.GSSException;

/**
 * Writes everything as RFC 1961 MTYP 3 messages (section 5): each {@code write} call becomes one or more
 * wrapped messages of at most {@link MessageProtection#maxChunk()} plaintext bytes each. Not buffered: a
 * write goes out at once. One writing thread at a time.
 */
public final class ProtectedOutputStream extends OutputStream {
    private final OutputStream raw;
    private final MessageProtection protection;

    public ProtectedOutputStream(OutputStream raw, MessageProtection protection) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.protection = Objects.requireNonNull(protection, "protection");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int max = protection.maxChunk();
        for (int done = 0; done < len; ) {
            int n = Math.min(max, len - done);
            try {
                raw.write(GssFrame.message(protection.wrap(b, off + done, n)).toBytes());
            } catch (GSSException e) {
                throw new IOException("GSS-API wrap failed: " + e.getMessage(), e);
            }
            done += n;
        }
        raw.flush();
    }

    @Override
    public void flush() throws IOException {
        raw.flush();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
