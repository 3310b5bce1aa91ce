package dev.argyle.protocol.gssapi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;

/**
 * The client side of RFC 1961 over blocking streams, run right after the server chose method X'01':
 * context establishment (section 3), then the protection-level sub-negotiation (section 4). The caller
 * creates the initiator context (with the caller's credentials, mutual authentication requested) and
 * afterwards wraps the streams with {@link ProtectedInputStream}/{@link ProtectedOutputStream} when the level
 * {@link ProtectionLevel#wraps() wraps}. On a GSS-API failure the server is sent the abort message (section
 * 3.3) before the exception is thrown.
 */
public final class GssClientExchange {
    private GssClientExchange() {
    }

    /**
     * Establishes {@code context} with the server and agrees on {@code wanted}.
     *
     * @return the level the server chose, which is {@code wanted}
     * @throws GssRefusedException when the server aborted, chose another level, or GSS-API failed
     * @throws IOException         when the connection failed or closed
     */
    public static ProtectionLevel run(InputStream in, OutputStream out, GSSContext context, ProtectionLevel wanted)
            throws IOException {
        try {
            byte[] received = new byte[0];
            for (int round = 0; round < 16 && !context.isEstablished(); round++) { // Kerberos needs one
                byte[] token = context.initSecContext(received, 0, received.length);
                if (token != null && token.length > 0) {
                    write(out, GssFrame.context(token));
                }
                if (!context.isEstablished()) {
                    received = expect(read(in), GssFrame.CONTEXT).token();
                }
            }
            if (!context.isEstablished()) {
                throw abort(out, "GSS-API context not established after 16 rounds");
            }
            write(out, GssFrame.protection(MessageProtection.levelToken(context, wanted)));
            ProtectionLevel chosen = MessageProtection.readLevel(context, expect(read(in), GssFrame.PROTECTION).token());
            if (chosen != wanted) {
                throw new GssRefusedException("the proxy chose protection level " + chosen.configName() + ", we asked for "
                        + wanted.configName());
            }
            return chosen;
        } catch (GSSException e) {
            throw abort(out, "GSS-API: " + e.getMessage());
        }
    }

    /** One whole frame from {@code in}; a frame cut short by the end of the stream is an {@link EOFException}. */
    public static GssFrame read(InputStream in) throws IOException {
        int version = in.read();
        if (version < 0) {
            throw new EOFException("the proxy closed the connection during the GSS-API exchange");
        }
        int type = in.read();
        if (version != GssFrame.VERSION || type < 0) {
            throw new IOException(type < 0 ? "connection closed inside a GSS-API message"
                    : String.format("not an RFC 1961 message (version 0x%02x)", version));
        }
        if (type == GssFrame.ABORT) {
            return GssFrame.ABORT_FRAME;
        }
        byte[] len = in.readNBytes(2);
        if (len.length < 2) {
            throw new EOFException("connection closed inside a GSS-API message");
        }
        int n = ((len[0] & 0xFF) << 8) | (len[1] & 0xFF);
        byte[] token = in.readNBytes(n);
        if (token.length < n) {
            throw new EOFException("connection closed inside a GSS-API message");
        }
        try {
            return new GssFrame(type, token);
        } catch (IllegalArgumentException e) {
            throw new IOException(String.format("unknown RFC 1961 message type 0x%02x", type));
        }
    }

    static void write(OutputStream out, GssFrame frame) throws IOException {
        out.write(frame.toBytes());
        out.flush();
    }

    private static GssFrame expect(GssFrame frame, int type) throws GssRefusedException {
        if (frame.isAbort()) {
            throw new GssRefusedException("the proxy aborted the GSS-API exchange");
        }
        if (frame.type() != type) {
            throw new GssRefusedException("expected RFC 1961 message type " + type + ", got " + frame.type());
        }
        return frame;
    }

    private static GssRefusedException abort(OutputStream out, String reason) {
        try {
            write(out, GssFrame.ABORT_FRAME);
        } catch (IOException ignored) {
            // The reason below is what matters.
        }
        return new GssRefusedException(reason);
    }

    /** The GSS-API exchange failed for a reason other than the connection. */
    public static final class GssRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        public GssRefusedException(String message) {
            super(message);
        }
    }
}
