package dev.argyle.protocol.handshake;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.v4.Socks4Status;

/**
 * Why a handshake failed, in words, with the proxy's code when it sent one.
 *
 * @param kind         the family of failure
 * @param message      what happened, in words, e.g. "CONNECT 10.0.0.1:80 failed with reply 0x05 (connection
 *                     refused)"; never contains a password
 * @param reply        the SOCKS5 REP when {@code kind} is {@link Kind#REPLY} from a SOCKS5 proxy, else null
 * @param socks4Status the SOCKS4 CD when {@code kind} is {@link Kind#REPLY} from a SOCKS4 proxy, else null
 */
public record HandshakeFailure(Kind kind, String message, ReplyCode reply, Socks4Status socks4Status) {

    /** The families of handshake failure. */
    public enum Kind {
        /** The proxy answered the request with a failure reply (SOCKS5 REP != 0, SOCKS4 CD != 90). */
        REPLY,
        /** SOCKS5: the proxy accepts none of the offered authentication methods (METHOD X'FF'). */
        NO_ACCEPTABLE_METHOD,
        /** RFC 1929: the proxy rejected the user name and password. */
        AUTH_REJECTED,
        /** The proxy sent something that is not the expected message. */
        PROTOCOL
    }

    static HandshakeFailure protocol(String message) {
        return new HandshakeFailure(Kind.PROTOCOL, message, null, null);
    }

    @Override
    public String toString() {
        return message;
    }
}
