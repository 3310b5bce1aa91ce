package dev.argyle.server.gssapi;

import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.protocol.gssapi.MessageProtection;
import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.server.auth.MethodNegotiator;
import dev.argyle.server.auth.Negotiation;
import java.util.List;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;

/**
 * The server side of RFC 1961 for one session: context establishment (section 3: MTYP 1 tokens in, until the
 * context is established, answered with the acceptor's tokens), then the protection-level sub-negotiation
 * (section 4: one MTYP 2 message each way), then the security layer for the rest of the session (section 5).
 * Any failure is answered with the abort message and a close; the client's abort closes at once.
 */
public final class GssNegotiator implements MethodNegotiator<GssFrame> {
    private enum Phase { CONTEXT, PROTECTION, DONE }

    private final GssAcceptor acceptor;
    private Phase phase = Phase.CONTEXT;
    private GSSContext context;

    GssNegotiator(GssAcceptor acceptor) {
        this.acceptor = acceptor;
    }

    @Override
    public AuthMethod method() {
        return AuthMethod.GSSAPI;
    }

    @Override
    public Decoder<GssFrame> decoder() {
        return GssFrame.DECODER;
    }

    /** Section 3.3: whatever went wrong, the peer learns it through the abort message. */
    @Override
    public WireMessage malformedReply() {
        return GssFrame.ABORT_FRAME;
    }

    @Override
    public void handle(GssFrame frame, Negotiation n) {
        if (frame.isAbort()) {
            fail(n, null, "client aborted the GSS-API exchange");
            return;
        }
        switch (phase) {
            case CONTEXT -> onContextToken(frame, n);
            case PROTECTION -> onProtectionLevel(frame, n);
            default -> fail(n, GssFrame.ABORT_FRAME, "GSS-API message after the sub-negotiation");
        }
    }

    private void onContextToken(GssFrame frame, Negotiation n) {
        if (frame.type() != GssFrame.CONTEXT) {
            fail(n, GssFrame.ABORT_FRAME, "GSS-API: expected a context token (MTYP 1), got MTYP " + frame.type());
            return;
        }
        try {
            if (context == null) {
                context = acceptor.newContext();
            }
        } catch (GSSException e) {
            fail(n, GssFrame.ABORT_FRAME, "GSS-API context: " + e.getMessage());
            return;
        }
        n.suspend();
        acceptor.accept(context, frame.token(), n.executor()).addListener(f -> {
            if (!n.waiting()) {
                return;
            }
            if (!f.isSuccess()) {
                fail(n, GssFrame.ABORT_FRAME, "GSS-API context: " + f.cause().getMessage());
                return;
            }
            byte[] out = (byte[]) f.getNow();
            if (out.length > GssFrame.MAX_TOKEN) {
                fail(n, GssFrame.ABORT_FRAME, "GSS-API context: token too large for RFC 1961");
                return;
            }
            if (out.length > 0) {
                n.send(GssFrame.context(out));
            }
            if (context.isEstablished()) {
                phase = Phase.PROTECTION;
            }
            n.resume();
        });
    }

    private void onProtectionLevel(GssFrame frame, Negotiation n) {
        if (frame.type() != GssFrame.PROTECTION) {
            fail(n, GssFrame.ABORT_FRAME, "GSS-API: expected the protection level (MTYP 2), got MTYP " + frame.type());
            return;
        }
        try {
            ProtectionLevel requested = MessageProtection.readLevel(context, frame.token());
            ProtectionLevel chosen = acceptor.choose(requested);
            String user = context.getSrcName().toString();
            n.send(GssFrame.protection(MessageProtection.levelToken(context, chosen)));
            phase = Phase.DONE;
            SecurityLayerCodec layer = chosen.wraps()
                    ? new SecurityLayerCodec(context, new MessageProtection(context, chosen)) : null;
            n.authenticated(user, List.of(), layer);
        } catch (GSSException e) {
            fail(n, GssFrame.ABORT_FRAME, "GSS-API protection level: " + e.getMessage());
        }
    }

    private void fail(Negotiation n, WireMessage reply, String reason) {
        phase = Phase.DONE;
        dispose();
        n.refused(reply, reason);
    }

    private void dispose() {
        if (context != null) {
            try {
                context.dispose();
            } catch (GSSException ignored) {
                // Nothing left to release.
            }
        }
    }
}
