package dev.argyle.protocol.gssapi;

import java.util.Objects;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;

/**
 * Per-message protection over an established security context (RFC 1961 sections 4.3 and 5): the one-octet
 * protection-level messages of the sub-negotiation, and the MTYP 3 encapsulation of the stream after it.
 *
 * <p>A stream must arrive whole and in order, so {@link #unwrap} refuses a token that GSS-API reports as a
 * duplicate, old, out of sequence or after a gap (a replayed, dropped or reordered message), as well as an
 * unprotected one where confidentiality was agreed. Thread-safe: calls are serialised, because both
 * directions share the context's state.
 */
public final class MessageProtection {
    private final GSSContext context;
    private final ProtectionLevel level;
    private final int maxChunk;

    /**
     * @throws GSSException when the context cannot say how much fits in one token
     */
    public MessageProtection(GSSContext context, ProtectionLevel level) throws GSSException {
        this.context = Objects.requireNonNull(context, "context");
        this.level = Objects.requireNonNull(level, "level");
        if (!level.wraps()) {
            throw new IllegalArgumentException("the clear level has no per-message protection");
        }
        // The wrapped token must fit LEN (two octets); this is the plaintext that still does.
        this.maxChunk = Math.max(1, context.getWrapSizeLimit(0, level.confidential(), GssFrame.MAX_TOKEN));
    }

    public ProtectionLevel level() {
        return level;
    }

    /** The most plaintext one MTYP 3 message can carry. */
    public int maxChunk() {
        return maxChunk;
    }

    /** {@code len} bytes of plaintext as one MTYP 3 token; {@code len} is at most {@link #maxChunk()}. */
    public synchronized byte[] wrap(byte[] data, int offset, int len) throws GSSException {
        if (len > maxChunk) {
            throw new IllegalArgumentException(len + " bytes exceed one message's " + maxChunk);
        }
        return context.wrap(data, offset, len, new MessageProp(0, level.confidential()));
    }

    /** The plaintext of one MTYP 3 token, or an exception when it fails the checks above. */
    public synchronized byte[] unwrap(byte[] token) throws GSSException {
        MessageProp prop = new MessageProp(0, false);
        byte[] plain = context.unwrap(token, 0, token.length, prop);
        checkSequence(prop);
        if (level == ProtectionLevel.CONFIDENTIALITY && !prop.getPrivacy()) {
            throw new GSSException(GSSException.BAD_QOP, 0, "message without confidentiality at level 2");
        }
        return plain;
    }

    /**
     * One UDP datagram (the SOCKS UDP header and data) as one MTYP 3 token (RFC 1961 section 5). The token
     * may exceed what LEN can carry for datagrams near 64 KiB; callers drop those.
     */
    public synchronized byte[] wrapDatagram(byte[] datagram) throws GSSException {
        return context.wrap(datagram, 0, datagram.length, new MessageProp(0, level.confidential()));
    }

    /**
     * The plaintext of one datagram's token. Datagrams may be lost or reordered, so gaps and reordering are
     * accepted; a duplicate (replayed) token is not, nor one without confidentiality at level 2.
     */
    public synchronized byte[] unwrapDatagram(byte[] token) throws GSSException {
        MessageProp prop = new MessageProp(0, false);
        byte[] plain = context.unwrap(token, 0, token.length, prop);
        if (prop.isDuplicateToken()) {
            throw new GSSException(GSSException.DUPLICATE_TOKEN, 0, "datagram replayed");
        }
        if (level == ProtectionLevel.CONFIDENTIALITY && !prop.getPrivacy()) {
            throw new GSSException(GSSException.BAD_QOP, 0, "datagram without confidentiality at level 2");
        }
        return plain;
    }

    /** The MTYP 2 token that states {@code chosen} (section 4.3: wrapped without confidentiality). */
    public static byte[] levelToken(GSSContext context, ProtectionLevel chosen) throws GSSException {
        byte[] octet = {(byte) chosen.code()};
        return context.wrap(octet, 0, 1, new MessageProp(0, false));
    }

    /**
     * The level stated by an MTYP 2 token; the octet's raw value when it names no level is reported as an
     * exception, since the peers cannot continue.
     */
    public static ProtectionLevel readLevel(GSSContext context, byte[] token) throws GSSException {
        MessageProp prop = new MessageProp(0, false);
        byte[] octet = context.unwrap(token, 0, token.length, prop);
        checkSequence(prop);
        if (octet.length != 1) {
            throw new GSSException(GSSException.DEFECTIVE_TOKEN, 0,
                    "protection-level message of " + octet.length + " octets, expected 1");
        }
        ProtectionLevel level = ProtectionLevel.ofCode(octet[0] & 0xFF);
        if (level == null) {
            throw new GSSException(GSSException.DEFECTIVE_TOKEN, 0,
                    String.format("unknown protection level 0x%02x", octet[0] & 0xFF));
        }
        return level;
    }

    private static void checkSequence(MessageProp prop) throws GSSException {
        if (prop.isDuplicateToken() || prop.isOldToken() || prop.isUnseqToken() || prop.isGapToken()) {
            throw new GSSException(GSSException.DUPLICATE_TOKEN, 0, "message replayed, lost or out of order");
        }
    }
}
