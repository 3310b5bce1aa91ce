package dev.argyle.server.admin;

import dev.argyle.server.observe.LiveSessions;
import dev.argyle.server.observe.Refusal;
import dev.argyle.server.observe.Session;
import dev.argyle.server.observe.SessionListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals since start for the summary: sessions ended, bytes relayed, refusals by reason, and the last few
 * refusals in detail. Thread-safe; the event loops only add to adders, except for the (rare) refusal record.
 */
final class SessionTotals implements SessionListener, LiveSessions.Traffic {
    /** How many refusals the summary lists in detail. */
    static final int RECENT = 20;

    /** One refused session as the status page lists it. */
    record RefusalRecord(String time, long id, String client, String user, String destination, String reason,
                         String rule, String error) {
    }

    private final LongAdder ended = new LongAdder();
    private final LongAdder up = new LongAdder();
    private final LongAdder down = new LongAdder();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final ArrayDeque<RefusalRecord> recent = new ArrayDeque<>();

    @Override
    public void closed(Session s) {
        ended.increment();
        String reason = Refusal.of(s);
        if (reason == null) {
            return;
        }
        refusals.computeIfAbsent(reason, r -> new LongAdder()).increment();
        RefusalRecord r = new RefusalRecord(Instant.now().toString(), s.id(), dev.argyle.server.config.HostPort.format(s.client()), s.user(),
                s.requested() == null ? null : s.requested().toString(), reason, Refusal.rule(s, reason), s.error());
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(r);
        }
    }

    @Override
    public void moved(Session s, long bytesUp, long bytesDown) {
        up.add(bytesUp);
        down.add(bytesDown);
    }

    long ended() {
        return ended.sum();
    }

    long bytesUp() {
        return up.sum();
    }

    long bytesDown() {
        return down.sum();
    }

    Map<String, Long> refusalsByReason() {
        Map<String, Long> out = new TreeMap<>();
        refusals.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The latest refusals, newest first. */
    List<RefusalRecord> recentRefusals() {
        List<RefusalRecord> out;
        synchronized (recent) {
            out = new ArrayList<>(recent);
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
