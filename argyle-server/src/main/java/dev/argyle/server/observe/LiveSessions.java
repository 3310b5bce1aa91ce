package dev.argyle.server.observe;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The sessions open right now, with live byte counts and rates, for the admin API and the status page; also the
 * source of the byte metrics while sessions run (a long download shows up in the metrics as it goes, not at its
 * end). Thread-safe: events arrive on the event loops, {@link #sample()} and the readers run anywhere.
 *
 * <p>Byte counters are read only on each session's own event loop: {@link #sample()} hands every loop a task for
 * its sessions, so reading costs the relay nothing (no volatile writes or locks per read).
 */
public final class LiveSessions implements SessionListener {
    /** Hears the bytes sessions move: about once a second while they run, and the rest when they end. */
    public interface Traffic {
        Traffic NONE = (session, up, down) -> { };

        /** Called on the session's event loop; must not block. */
        void moved(Session session, long up, long down);
    }

    private final Map<Long, LiveSession> open = new ConcurrentHashMap<>();
    private final Traffic traffic;

    public LiveSessions(Traffic traffic) {
        this.traffic = traffic;
    }

    @Override
    public void attached(Session session, Channel client) {
        open.put(session.id(), new LiveSession(session, client));
    }

    @Override
    public void relaying(Session session, Channel client, Channel target) {
        LiveSession live = open.get(session.id());
        if (live != null) {
            live.relaying(target);
        }
    }

    @Override
    public void closed(Session session) {
        LiveSession live = open.remove(session.id());
        if (live != null) {
            report(session, live.end());
        }
    }

    /** Takes a sample of every open session, each on its own event loop; returns without waiting for them. */
    public void sample() {
        Map<EventExecutor, List<LiveSession>> byLoop = new HashMap<>();
        for (LiveSession live : open.values()) {
            byLoop.computeIfAbsent(live.client().eventLoop(), loop -> new ArrayList<>()).add(live);
        }
        byLoop.forEach((loop, sessions) -> {
            try {
                loop.execute(() -> sessions.forEach(live -> report(live.session(), live.sample())));
            } catch (RejectedExecutionException shuttingDown) {
                // The loop is shutting down: its sessions are closing and report their bytes at the end.
            }
        });
    }

    /** The open sessions as last sampled, oldest first. */
    public List<LiveSnapshot> snapshots() {
        List<LiveSnapshot> out = new ArrayList<>(open.size());
        for (LiveSession live : open.values()) {
            out.add(live.snapshot());
        }
        out.sort(Comparator.comparingLong(LiveSnapshot::id));
        return out;
    }

    public int size() {
        return open.size();
    }

    /** Closes session {@code id} (on its event loop), recording {@code reason} as its error; false if not open. */
    public boolean close(long id, String reason) {
        LiveSession live = open.get(id);
        if (live == null) {
            return false;
        }
        try {
            live.client().eventLoop().execute(() -> live.close(reason));
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
        return true;
    }

    private void report(Session session, long[] moved) {
        if (moved != null && (moved[0] > 0 || moved[1] > 0)) {
            traffic.moved(session, moved[0], moved[1]);
        }
    }
}
