package dev.argyle.server.relay;

import dev.argyle.server.config.BandwidthConfig;
import dev.argyle.server.config.ByteRate;
import dev.argyle.server.limit.Limit;
import dev.argyle.server.limit.LimitCounters;
import dev.argyle.server.limit.Shaping;
import dev.argyle.server.limit.TokenBucket;
import dev.argyle.server.limit.UserBandwidth;
import dev.argyle.server.observe.Session;

/**
 * The bandwidth limits a relay applies: the configured rates, the per-user buckets shared by all sessions of a
 * user (which outlive any one config), and the counters a slowed session is reported to. Thread-safe.
 *
 * @param config  the rates; with none set, sessions take the relay's unshaped path and cost nothing extra
 * @param users   the shared per-user buckets
 * @param counter where slowed sessions are counted and logged
 */
public record Bandwidth(BandwidthConfig config, UserBandwidth users, LimitCounters counter) {
    /** No limits. */
    public static final Bandwidth NONE = new Bandwidth(BandwidthConfig.none(), new UserBandwidth(), new LimitCounters());

    /**
     * Installs a {@link Shaper} on each limited direction of a starting relay; answers the user's share (to be
     * closed when the relay ends), or null when the session takes no part in a per-user limit.
     */
    UserBandwidth.Share shape(Session session, Direction up, Direction down) {
        // Per-user limits only for authenticated users: a SOCKS4 user ID is whatever the client claims.
        BandwidthConfig.Rates rates = session.version() == 5 && session.user() != null
                ? config.userRates(session.user()) : new BandwidthConfig.Rates(0, 0);
        UserBandwidth.Share share = rates.up() > 0 || rates.down() > 0
                ? users.acquire(session.user(), rates.up(), rates.down()) : null;
        String who = "session " + session.id() + " (client " + session.client().getAddress().getHostAddress()
                + (session.user() != null ? ", user " + session.user() : "") + ")";
        up.shaper = shaper(up, config.sessionUp(), share == null ? null : share.up(), Limit.BANDWIDTH_SESSION_UP,
                Limit.BANDWIDTH_USER_UP, rates.up(), who);
        down.shaper = shaper(down, config.sessionDown(), share == null ? null : share.down(), Limit.BANDWIDTH_SESSION_DOWN,
                Limit.BANDWIDTH_USER_DOWN, rates.down(), who);
        return share;
    }

    private Shaper shaper(Direction d, long sessionRate, TokenBucket user, Limit sessionLimit, Limit userLimit,
                          long userRate, String who) {
        if (sessionRate <= 0 && user == null) {
            return null;
        }
        TokenBucket session = sessionRate > 0 ? new TokenBucket(sessionRate, Shaping.burst(sessionRate), System::nanoTime) : null;
        long slowest = Math.min(sessionRate > 0 ? sessionRate : Long.MAX_VALUE, user != null ? user.rate() : Long.MAX_VALUE);
        ByteCounter.capReads(d.from, Shaping.chunk(slowest));
        return new Shaper(d, session, user,
                () -> counter.recordSlowed(sessionLimit, ByteRate.format(sessionRate), who),
                () -> counter.recordSlowed(userLimit, ByteRate.format(userRate), who));
    }
}
