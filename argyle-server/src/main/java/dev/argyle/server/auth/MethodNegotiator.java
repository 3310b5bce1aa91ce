package dev.argyle.server.auth;

import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.v5.AuthMethod;

/**
 * The server half of one SOCKS5 authentication method's sub-negotiation (RFC 1928 section 3: after the
 * method choice, "the client and server then enter a method-specific sub-negotiation"). The handshake decodes
 * the method's messages with {@link #decoder()} and hands each to {@link #handle}; the negotiator answers and
 * ends the sub-negotiation through the {@link Negotiation}. One instance per session, confined to the
 * session's event loop.
 *
 * @param <T> the method's client message
 */
public interface MethodNegotiator<T> {
    /** The METHOD this negotiates. */
    AuthMethod method();

    /** Decodes the client's next sub-negotiation message. */
    Decoder<T> decoder();

    /** What the client gets for a malformed message before the close (null: close without a word). */
    WireMessage malformedReply();

    /** Acts on one message: answer, wait for asynchronous work, or end the sub-negotiation. */
    void handle(T message, Negotiation negotiation);
}
