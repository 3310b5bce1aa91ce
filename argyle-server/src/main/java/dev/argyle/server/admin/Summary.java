package dev.argyle.server.admin;

import dev.argyle.server.observe.LiveSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The summary the status page and {@code argyle status} show: open sessions and throughput in total and per user,
 * the busiest destinations, refusals. Built from the last sample of each open session plus the totals since start.
 *
 * @param uptimeSeconds   since the server started
 * @param ready           false while starting or draining
 * @param sessionsOpen    open now
 * @param sessionsEnded   ended since start
 * @param rateUp          bytes per second, client to destination, over the open sessions
 * @param rateDown        bytes per second, destination to client
 * @param bytesUp         relayed since start (ended sessions and open ones so far)
 * @param bytesDown       relayed since start
 * @param users           per user ("-" for sessions without one), busiest first
 * @param destinations    the busiest destinations of the open sessions, at most {@value #TOP}
 * @param refusals        refusals since start by reason
 * @param recentRefusals  the latest refusals, newest first
 */
record Summary(long uptimeSeconds, boolean ready, int sessionsOpen, long sessionsEnded, long rateUp, long rateDown,
               long bytesUp, long bytesDown, List<Group> users, List<Group> destinations, Map<String, Long> refusals,
               List<SessionTotals.RefusalRecord> recentRefusals) {
    /** How many destinations the summary lists. */
    static final int TOP = 10;

    /**
     * Open sessions grouped by a key (a user, a destination).
     *
     * @param name     the user or destination
     * @param sessions open sessions
     * @param rateUp   bytes per second up, summed
     * @param rateDown bytes per second down, summed
     * @param bytesUp  bytes so far, summed over the open sessions
     * @param bytesDown bytes so far, summed
     */
    record Group(String name, int sessions, long rateUp, long rateDown, long bytesUp, long bytesDown) {
        Group plus(LiveSnapshot s) {
            return new Group(name, sessions + 1, rateUp + s.rateUp(), rateDown + s.rateDown(),
                    bytesUp + s.bytesUp(), bytesDown + s.bytesDown());
        }

        long rate() {
            return rateUp + rateDown;
        }
    }

    static Summary of(List<LiveSnapshot> open, SessionTotals totals, long uptimeSeconds, boolean ready) {
        long rateUp = 0;
        long rateDown = 0;
        for (LiveSnapshot s : open) {
            rateUp += s.rateUp();
            rateDown += s.rateDown();
        }
        List<Group> users = group(open, s -> s.user() == null ? "-" : s.user());
        List<Group> destinations = group(open, s -> s.destination() == null ? "-" : s.destination());
        return new Summary(uptimeSeconds, ready, open.size(), totals.ended(), rateUp, rateDown, totals.bytesUp(),
                totals.bytesDown(), users, destinations.subList(0, Math.min(TOP, destinations.size())),
                totals.refusalsByReason(), totals.recentRefusals());
    }

    private static List<Group> group(List<LiveSnapshot> open, Function<LiveSnapshot, String> key) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (LiveSnapshot s : open) {
            groups.compute(key.apply(s), (k, g) -> (g == null ? new Group(k, 0, 0, 0, 0, 0) : g).plus(s));
        }
        List<Group> out = new ArrayList<>(groups.values());
        out.sort(Comparator.comparingLong(Group::rate).reversed()
                .thenComparing(Comparator.comparingInt(Group::sessions).reversed())
                .thenComparing(Group::name));
        return out;
    }
}
