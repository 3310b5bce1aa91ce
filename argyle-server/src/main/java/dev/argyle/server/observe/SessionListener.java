package dev.argyle.server.observe;

/**
 * Hears about sessions. Called on the session's event loop: implementations must not block.
 */
public interface SessionListener {
    SessionListener NONE = new SessionListener() {
    };

    /** A client connected. */
    default void opened(Session session) {
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
            public void closed(Session s) {
                copy.forEach(l -> l.closed(s));
            }
        };
    }
}
