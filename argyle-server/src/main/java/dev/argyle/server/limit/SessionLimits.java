package dev.argyle.server.limit;

import dev.argyle.server.config.LimitsConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Counts open sessions in total, per client address and per user, and new sessions per client address per
 * second, and hands out {@link Permit}s within the configured {@link LimitsConfig}. Thread-safe: callers on
 * any event loop may acquire and close permits concurrently.
 *
 * <p>The per-address rate is a token bucket holding {@code newSessionsPerSecondPerClient} tokens, refilled
 * at that rate: a client may open that many at once, then that many per second. Only admitted sessions take
 * a token. The per-address table holds an entry while the address has an open session or a bucket not yet
 * full again; it is swept when it grows past {@link #MAX_TRACKED_CLIENTS}, so a scan from many addresses
 * cannot grow it without bound (an address swept with a part-empty bucket starts again with a full one).
 *
 * <p>IPv6 clients are counted per /64 prefix, as the auth throttle does: one host commonly owns a whole /64
 * and could otherwise open its sessions from as many addresses as it likes.
 */
public final class SessionLimits {
    /** Above this many tracked client addresses the table is swept. */
    static final int MAX_TRACKED_CLIENTS = 65_536;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LimitsConfig config;
    private final LimitCounters counters;
    private final LongSupplier nanoClock;
    private final AtomicInteger total;
    private final Map<InetAddress, ClientState> clients;
    private final Map<String, Integer> users;

    public SessionLimits(LimitsConfig config, LimitCounters counters) {
        this(config, counters, System::nanoTime);
    }

    SessionLimits(LimitsConfig config, LimitCounters counters, LongSupplier nanoClock) {
        this.config = config;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.total = new AtomicInteger();
        this.clients = new ConcurrentHashMap<>();
        this.users = new ConcurrentHashMap<>();
    }

    /** Shares {@code live}'s counts: see {@link #reconfigured}. */
    private SessionLimits(LimitsConfig config, SessionLimits live) {
        this.config = config;
        this.counters = live.counters;
        this.nanoClock = live.nanoClock;
        this.total = live.total;
        this.clients = live.clients;
        this.users = live.users;
    }

    /**
     * For a reload: limits with new values that count the same sessions. Sessions admitted under the old values
     * still hold their places and give them back here when they close, so a new maximum applies at once to
     * the sessions already open (a lowered one admits nobody new until enough have closed).
     */
    public SessionLimits reconfigured(LimitsConfig newConfig) {
        return new SessionLimits(newConfig, this);
    }

    public LimitsConfig config() {
        return config;
    }

    public LimitCounters counters() {
        return counters;
    }

    /** Sessions currently holding a client permit. */
    public int open() {
        return total.get();
    }

    /** Client addresses currently tracked (for tests of the bound). */
    int trackedClients() {
        return clients.size();
    }

    /**
     * On accept: a permit for one session from {@code client}, or a refusal naming the limit (counted and
     * logged). Close the permit when the client's connection closes.
     */
    public Permit tryAcquireClient(InetAddress address) {
        InetAddress client = key(address);
        int max = config.maxSessions();
        if (max > 0 && total.getAndUpdate(n -> n < max ? n + 1 : n) >= max) {
            return refuse(Limit.SESSIONS, max, "client " + client.getHostAddress());
        }
        if (max <= 0) {
            total.incrementAndGet();
        }
        int perClient = config.maxSessionsPerClient();
        int rate = config.newSessionsPerSecondPerClient();
        // Counted per address even with no per-address limit: a reload may turn one on, and the sessions
        // open by then must count.
        Limit[] refused = new Limit[1];
        long now = nanoClock.getAsLong();
        clients.compute(client, (a, s) -> {
            ClientState state = s != null ? s : new ClientState(rate, now);
            state.refill(rate, now);
            if (perClient > 0 && state.active >= perClient) {
                refused[0] = Limit.SESSIONS_PER_CLIENT;
            } else if (rate > 0 && state.tokens < 1) {
                refused[0] = Limit.NEW_SESSIONS_PER_SECOND;
            } else {
                state.active++;
                state.tokens -= rate > 0 ? 1 : 0;
            }
            return state.removable(rate) ? null : state;
        });
        if (refused[0] != null) {
            total.decrementAndGet();
            int value = refused[0] == Limit.SESSIONS_PER_CLIENT ? perClient : rate;
            return refuse(refused[0], value, "client " + client.getHostAddress());
        }
        if (clients.size() > MAX_TRACKED_CLIENTS) {
            sweep(rate, now);
        }
        return Permit.granted(() -> releaseClient(client, rate));
    }

    /**
     * After a successful password check: a permit for one session of {@code user}, or a refusal. Close the
     * permit when the session ends.
     */
    public Permit tryAcquireUser(String user) {
        int max = config.maxSessionsPerUser();
        if (user == null) {
            return Permit.unlimited();
        }
        // Counted even with no per-user limit, for a reload that turns one on.
        boolean[] admitted = new boolean[1];
        users.compute(user, (u, n) -> {
            int open = n == null ? 0 : n;
            admitted[0] = max == 0 || open < max;
            return admitted[0] ? open + 1 : n;
        });
        if (!admitted[0]) {
            return refuse(Limit.SESSIONS_PER_USER, max, "user " + user);
        }
        return Permit.granted(() -> users.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1));
    }

    /** The address itself, or for IPv6 its /64 prefix. */
    static InetAddress key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] ip = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(ip, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes is always a valid length
        }
    }

    private Permit refuse(Limit limit, int value, String who) {
        counters.record(limit, value, who);
        return Permit.refused(limit, value);
    }

    private void releaseClient(InetAddress client, int rate) {
        total.decrementAndGet();
        long now = nanoClock.getAsLong();
        clients.computeIfPresent(client, (a, s) -> {
            s.active--;
            s.refill(rate, now);
            return s.removable(rate) ? null : s;
        });
    }

    /** Drops addresses with no open session whose bucket is full again; if that is not enough, all idle ones. */
    private void sweep(int rate, long now) {
        for (InetAddress a : clients.keySet()) {
            clients.computeIfPresent(a, (k, s) -> {
                s.refill(rate, now);
                return s.removable(rate) ? null : s;
            });
        }
        if (clients.size() > MAX_TRACKED_CLIENTS) {
            for (InetAddress a : clients.keySet()) {
                clients.computeIfPresent(a, (k, s) -> s.active == 0 ? null : s);
            }
        }
    }

    /** One client address: open sessions and its token bucket. Guarded by the map's per-key lock. */
    private static final class ClientState {
        int active;
        double tokens;
        long refilledAt;

        ClientState(int rate, long now) {
            this.tokens = rate;
            this.refilledAt = now;
        }

        void refill(int rate, long now) {
            if (rate > 0 && now > refilledAt) {
                tokens = Math.min(rate, tokens + (double) (now - refilledAt) * rate / NANOS_PER_SECOND);
            }
            refilledAt = now;
        }

        boolean removable(int rate) {
            return active == 0 && (rate == 0 || tokens >= rate);
        }
    }
}
