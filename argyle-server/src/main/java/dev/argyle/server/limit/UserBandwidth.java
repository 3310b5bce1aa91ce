package dev.argyle.server.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-user bandwidth buckets: one per direction for each user with an open shaped session, shared by all
 * of that user's sessions, wherever they run. Meant to live as long as the server, across config reloads: a
 * session that acquires a user's share with different rates than the user's buckets have re-rates them from
 * now on (the balance is kept), so the newest config wins for all of that user's sessions, while a direction
 * the new config leaves unlimited simply gets no bucket for the new session. An entry is dropped when its last
 * session closes its {@link Share}. Thread-safe.
 */
public final class UserBandwidth {
    private final Map<String, Entry> users = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public UserBandwidth() {
        this(System::nanoTime);
    }

    UserBandwidth(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * The buckets {@code user}'s new session shares, for the rates in bytes per second (0 = that direction
     * unlimited). Close the share when the session ends.
     */
    public Share acquire(String user, long up, long down) {
        Share[] out = new Share[1];
        users.compute(user, (u, e) -> {
            Entry entry = e != null ? e : new Entry();
            entry.up = bucket(entry.up, up);
            entry.down = bucket(entry.down, down);
            entry.sessions++;
            out[0] = new Share(this, user, up > 0 ? entry.up : null, down > 0 ? entry.down : null);
            return entry;
        });
        return out[0];
    }

    /** Users with at least one open share (for tests of the cleanup). */
    int tracked() {
        return users.size();
    }

    private TokenBucket bucket(TokenBucket existing, long rate) {
        if (rate <= 0) {
            return existing;
        }
        if (existing == null) {
            return new TokenBucket(rate, Shaping.burst(rate), nanoClock);
        }
        if (existing.rate() != rate) {
            existing.setRate(rate, Shaping.burst(rate));
        }
        return existing;
    }

    private void release(String user) {
        users.computeIfPresent(user, (u, e) -> --e.sessions <= 0 ? null : e);
    }

    /** A user's buckets; guarded by the map's per-key lock. */
    private static final class Entry {
        int sessions;
        TokenBucket up;
        TokenBucket down;
    }

    /** One session's hold on its user's buckets; closing it again does nothing. */
    public static final class Share implements AutoCloseable {
        private final UserBandwidth owner;
        private final String user;
        private final TokenBucket up;
        private final TokenBucket down;
        private boolean closed;

        private Share(UserBandwidth owner, String user, TokenBucket up, TokenBucket down) {
            this.owner = owner;
            this.user = user;
            this.up = up;
            this.down = down;
        }

        /** The user's upload bucket, or null when this session's upload is not limited per user. */
        public TokenBucket up() {
            return up;
        }

        /** The user's download bucket, or null. */
        public TokenBucket down() {
            return down;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                owner.release(user);
            }
        }
    }
}
