package dev.argyle.server.auth;

import dev.argyle.protocol.WireMessage;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.util.List;

/**
 * The session's side of a {@link MethodNegotiator}: what a method may do to the session while it negotiates.
 * Every call is made on {@link #executor()}.
 */
public interface Negotiation {
    /** The client's address (for throttling failed attempts). */
    InetAddress client();

    /** The session's event loop, where asynchronous results must complete. */
    EventExecutor executor();

    /** The user the client says it is, logged even if authentication then fails. */
    void claimedUser(String user);

    /** Writes one sub-negotiation message to the client. */
    void send(WireMessage message);

    /** An asynchronous step starts: the session stops reading until {@link #resume}, or the end. */
    void suspend();

    /** Whether the session still waits for this negotiation's asynchronous step (false once it closed). */
    boolean waiting();

    /** The asynchronous step is done and the sub-negotiation goes on: read the client's next message. */
    void resume();

    /**
     * The sub-negotiation succeeded: {@code user} (with {@code groups}, for access rules) is the session's
     * user and the SOCKS request comes next. {@code protection}, when not null, is installed in front of the
     * handshake and stays for the whole session: it sees every byte from the client and to it (the request,
     * the reply and the relayed data), so such a session is never spliced.
     */
    void authenticated(String user, List<String> groups, ChannelHandler protection);

    /** Authentication failed: send {@code reply} (unless null) and close cleanly. */
    void refused(WireMessage reply, String reason);
}
