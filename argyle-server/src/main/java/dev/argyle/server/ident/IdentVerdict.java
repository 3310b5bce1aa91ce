package dev.argyle.server.ident;

import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.ident.IdentResult.Failed;
import dev.argyle.server.ident.IdentResult.Identified;

/**
 * What the SOCKS4 handshake does after an ident query: go on, go on with the user confirmed, or refuse with
 * 0x5C / 0x5D (the SOCKS4 protocol's two ident replies). The one place where an ident answer becomes a reply.
 *
 * @param refusal   the reply to refuse with, or null to go on
 * @param identUser the user the identd named, or null
 * @param verified  the identd named exactly the request's USERID and the listener verifies: the USERID is
 *                  now a proven user
 * @param reason    why it was refused, or what the identd said when nobody was named; null otherwise
 */
public record IdentVerdict(Socks4Status refusal, String identUser, boolean verified, String reason) {

    /**
     * @param mode    log or verify
     * @param claimed the request's USERID
     */
    public static IdentVerdict judge(IdentMode mode, String claimed, IdentResult result) {
        if (mode == IdentMode.OFF) {
            throw new IllegalArgumentException("no ident query is made with ident off");
        }
        if (result instanceof Failed failed) {
            return new IdentVerdict(mode == IdentMode.VERIFY ? Socks4Status.IDENT_UNREACHABLE : null, null, false,
                    failed.reason());
        }
        String user = ((Identified) result).user();
        if (mode == IdentMode.LOG) {
            return new IdentVerdict(null, user, false, null);
        }
        // Byte for byte: both are ISO-8859-1 views of the octets sent (SOCKS4 USERID, RFC 1413 user-id).
        if (user.equals(claimed)) {
            return new IdentVerdict(null, user, true, null);
        }
        return new IdentVerdict(Socks4Status.IDENT_MISMATCH, user, false,
                "identd reports user '" + user + "', the request's USERID is '" + claimed + "'");
    }

    public boolean refused() {
        return refusal != null;
    }

    /** The SOCKS4 refusal to send; only when {@link #refused()}. */
    public Socks4Reply reply() {
        return new Socks4Reply(refusal, 0, Socks4Reply.rejected().address());
    }
}
