package dev.argyle.server.observe;

import dev.argyle.server.relay.ByteCounter;
import io.netty.channel.Channel;

/**
 * One open session in {@link LiveSessions}: its channels, live byte counts and the last sample. Everything but
 * {@link #snapshot()} is confined to the session's event loop.
 *
 * <p>While a TCP relay runs, the relayed bytes are counted by the channels' {@link ByteCounter}s and reach the
 * {@link Session} only at the end, so the live count is the session's plus the counters' progress since the
 * relay started; UDP associations add to the session as datagrams pass.
 */
final class LiveSession {
    private final Session session;
    private final Channel client;
    private Channel target;
    private long clientBase;
    private long targetBase;
    private long lastUp;
    private long lastDown;
    private long lastNanos;
    private long reportedUp;
    private long reportedDown;
    private boolean ended;
    private volatile LiveSnapshot snapshot;

    LiveSession(Session session, Channel client) {
        this.session = session;
        this.client = client;
        this.lastNanos = System.nanoTime();
        this.snapshot = snapshotNow(0, 0, 0, 0);
    }

    Session session() {
        return session;
    }

    Channel client() {
        return client;
    }

    LiveSnapshot snapshot() {
        return snapshot;
    }

    void relaying(Channel target) {
        this.target = target;
        this.clientBase = ByteCounter.read(client);
        this.targetBase = ByteCounter.read(target);
    }

    long up() {
        return session.bytesUp() + (target == null ? 0 : ByteCounter.read(client) - clientBase);
    }

    long down() {
        return session.bytesDown() + (target == null ? 0 : ByteCounter.read(target) - targetBase);
    }

    /** Takes a new sample; returns the bytes moved each way since the last report (for metrics). */
    long[] sample() {
        if (ended) {
            return null;
        }
        long now = System.nanoTime();
        long up = up();
        long down = down();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        snapshot = snapshotNow(up, down, Math.round((up - lastUp) / seconds), Math.round((down - lastDown) / seconds));
        lastUp = up;
        lastDown = down;
        lastNanos = now;
        return report(up, down);
    }

    /** At the end: the session's final counts are complete; returns what was not reported yet. */
    long[] end() {
        ended = true;
        return report(session.bytesUp(), session.bytesDown());
    }

    private long[] report(long up, long down) {
        long[] delta = {Math.max(0, up - reportedUp), Math.max(0, down - reportedDown)};
        reportedUp = Math.max(reportedUp, up);
        reportedDown = Math.max(reportedDown, down);
        return delta;
    }

    /** Closes the session's channels (the admin API's "close this session"); on the event loop. */
    void close(String reason) {
        session.error(reason);
        client.close();
        if (target != null) {
            target.close();
        }
    }

    private LiveSnapshot snapshotNow(long up, long down, long rateUp, long rateDown) {
        Session s = session;
        return new LiveSnapshot(s.id(), AccessLog.addr(s.client()), s.user(), s.version(),
                s.command() == null ? null : s.command().label(),
                s.requested() == null ? null : s.requested().toString(), s.route(),
                "-".equals(s.reply()) ? "handshake" : "open", up, down, rateUp, rateDown, s.durationMillis());
    }
}
