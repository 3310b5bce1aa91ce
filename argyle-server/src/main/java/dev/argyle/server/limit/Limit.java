package dev.argyle.server.limit;

/** The limits a new session can hit; each names itself in the session error and the log. */
public enum Limit {
    /** {@code limits.max-sessions}. */
    SESSIONS("sessions in total", "max-sessions"),
    /** {@code limits.max-sessions-per-client}. */
    SESSIONS_PER_CLIENT("sessions per client address", "max-sessions-per-client"),
    /** {@code limits.new-sessions-per-second-per-client}. */
    NEW_SESSIONS_PER_SECOND("new sessions per second per client address", "new-sessions-per-second-per-client"),
    /** {@code limits.max-sessions-per-user}. */
    SESSIONS_PER_USER("sessions per user", "max-sessions-per-user"),
    /** {@code limits.bandwidth.session.up}: slows a session, never refuses it. */
    BANDWIDTH_SESSION_UP("upload bandwidth per session", "bandwidth.session.up"),
    /** {@code limits.bandwidth.session.down}. */
    BANDWIDTH_SESSION_DOWN("download bandwidth per session", "bandwidth.session.down"),
    /** {@code limits.bandwidth.user.up}: shared by all sessions of one user. */
    BANDWIDTH_USER_UP("upload bandwidth per user", "bandwidth.user.up"),
    /** {@code limits.bandwidth.user.down}. */
    BANDWIDTH_USER_DOWN("download bandwidth per user", "bandwidth.user.down");

    private final String description;
    private final String key;

    Limit(String description, String key) {
        this.description = description;
        this.key = key;
    }

    /** What is limited, e.g. "sessions per user". */
    public String description() {
        return description;
    }

    /** The key under {@code limits:} in the config file. */
    public String key() {
        return key;
    }

    /** The session error for a refusal: {@code limit: sessions per user (max-sessions-per-user 3)}. */
    public String error(int value) {
        return "limit: " + description + " (" + key + " " + value + ")";
    }
}
