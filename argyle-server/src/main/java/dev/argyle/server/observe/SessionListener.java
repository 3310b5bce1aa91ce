package dev.argyle.server.observe;

import io.netty.channel.Channel;

/**
 * Hears about sessions. Called on the session's event loop: implementations must not block.
 */
public interface SessionListener {
    SessionListener NONE = new SessionListener() {
    };

    /** A client connected. */
    default void opened(Session session) {
    }

    /**
     * Right after {@link #opened}: the client's channel, for listeners that show live sessions or close them on
     * request (the admin API). Its byte counter ({@code relay.ByteCounter}) counts what the client sent.
     */
    default void attached(Session session, Channel client) {
    }

    /**
     * The command succeeded and the TCP relay runs between {@code client} and {@code target} (CONNECT, BIND); the
     * target's byte counter counts what the destination sent. Until the session closes, its byte counts in
     * {@link Session} do not include relayed bytes: a live view reads the counters (on the event loop).
     */
    default void relaying(Session session, Channel client, Channel target) {
    }

    /** The session is over (relay done, refused, or failed); its fields are final. */
    default void closed(Session session) {
    }

    /** Calls each listener in turn. */
    static SessionListener of(java.util.List<SessionListener> listeners) {
        java.util.List<SessionListener> copy = java.util.List.copyOf(listeners);
        return new SessionListener() {
            @Override
            public void opened(Session s) {
                copy.forEach(l -> l.opened(s));
            }

            @Override
            public void attached(Session s, Channel client) {
                copy.forEach(l -> l.attached(s, client));
            }

            @Override
            public void relaying(Session s, Channel client, Channel target) {
                copy.forEach(l -> l.relaying(s, client, target));
            }

            @Override
            public void closed(Session s) {
                copy.forEach(l -> l.closed(s));
            }
        };
    }
}
