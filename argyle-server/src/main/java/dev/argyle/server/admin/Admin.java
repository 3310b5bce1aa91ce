package dev.argyle.server.admin;

import dev.argyle.server.Transport;
import dev.argyle.server.config.AdminConfig;
import dev.argyle.server.limit.LimitCounters;
import dev.argyle.server.metrics.ServerMetrics;
import dev.argyle.server.observe.LiveSessions;
import dev.argyle.server.observe.Session;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.proxyheader.ProxyHeaderCounters;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.udp.UdpCounters;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Everything the admin listener brings to a server, created only when it is configured: the metrics, the registry
 * of live sessions, the totals, and the HTTP listener. The server adds {@link #sessionListener()} to its
 * listeners, wraps its resolver with {@link #timed}, then {@link #start}s it once the SOCKS listeners are bound.
 */
public final class Admin implements AutoCloseable {
    private final AdminConfig config;
    private final ServerMetrics metrics;
    private final SessionTotals totals = new SessionTotals();
    private final LiveSessions live;
    private AdminServer server;
    private volatile Reloader reloader = Reloader.NONE;

    public Admin(AdminConfig config) {
        this.config = config;
        this.metrics = new ServerMetrics(config.perUserMetrics());
        this.live = new LiveSessions(new LiveSessions.Traffic() {
            @Override
            public void moved(Session s, long up, long down) {
                metrics.moved(s, up, down);
                totals.moved(s, up, down);
            }
        });
    }

    /** Hears every session: live registry, metrics, totals. */
    public SessionListener sessionListener() {
        return SessionListener.of(List.of(live, metrics, totals));
    }

    /** {@code resolver}, with its latency measured. */
    public Resolver timed(Resolver resolver) {
        return metrics.timed(resolver);
    }

    /** Binds the admin listener; {@code ready} answers /api/ready. */
    public void start(Transport transport, UdpCounters udp, LimitCounters limits, BooleanSupplier ready)
            throws BindException {
        metrics.watch(udp, limits, live);
        AdminApi api = new AdminApi(metrics, live, totals, new BearerToken(config.token()), ready,
                () -> reloader.reload());
        server = AdminServer.start(config, transport, api, live::sample);
    }

    /** What POST /api/reload runs from now on (until set: 501, reload not available). */
    /** Adds the PROXY protocol counters to the metrics. */
    public void watch(ProxyHeaderCounters proxyHeaders) {
        metrics.watch(proxyHeaders);
    }

    public void reloader(Reloader r) {
        this.reloader = java.util.Objects.requireNonNull(r, "reloader");
    }

    /** Where the admin listener is bound (the actual port when 0 was configured). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The open sessions; for tests and embedding. */
    public LiveSessions liveSessions() {
        return live;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        metrics.close();
    }
}
