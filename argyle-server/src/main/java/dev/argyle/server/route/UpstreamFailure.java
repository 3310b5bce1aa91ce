package dev.argyle.server.route;

import dev.argyle.protocol.ReplyCode;

/**
 * Why a chain failed: the hop, in words, and the reply our client gets. Upstream SOCKS5 failure replies pass
 * through unchanged (a last hop's 0x05 is our 0x05); a hop that cannot be reached maps through
 * {@link ReplyCode#forFailure}; a handshake that times out is 0x06; a hop that refuses our credentials or
 * breaks the protocol is 0x01. The message never contains a password.
 */
public final class UpstreamFailure extends Exception {
    private final ReplyCode code;

    public UpstreamFailure(ReplyCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    /** The reply for our client. */
    public ReplyCode code() {
        return code;
    }
}
