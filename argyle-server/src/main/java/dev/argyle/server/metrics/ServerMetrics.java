package dev.argyle.server.metrics;

import dev.argyle.server.limit.Limit;
import dev.argyle.server.limit.LimitCounters;
import dev.argyle.server.observe.LiveSessions;
import dev.argyle.server.observe.LiveSnapshot;
import dev.argyle.server.observe.Refusal;
import dev.argyle.server.observe.Session;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.proxyheader.ProxyHeaderCounters;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.udp.DropReason;
import dev.argyle.server.udp.UdpCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics (names as scraped; {@code docs/operations.md} lists them all):
 * <ul>
 *   <li>{@code argyle_sessions_total{version,command,reply}}, {@code argyle_sessions_active{version,command}}</li>
 *   <li>{@code argyle_transferred_bytes_total{direction}} (TCP relays and UDP payload, counted as they move)</li>
 *   <li>{@code argyle_handshake_seconds{version}}, {@code argyle_connect_seconds{command,outcome}},
 *       {@code argyle_resolve_seconds{outcome}} histograms</li>
 *   <li>{@code argyle_refusals_total{reason,rule}}, {@code argyle_auth_failures_total},
 *       {@code argyle_limit_refusals_total{limit}}</li>
 *   <li>{@code argyle_udp_datagrams_total{direction}}, {@code argyle_udp_dropped_total{reason}}, ...</li>
 *   <li>{@code argyle_proxy_headers_total{outcome}}: PROXY protocol headers accepted and connections refused</li>
 *   <li>per user, only when asked, and only for users who proved a password (a SOCKS4 user ID or a failed
 *       login's name would let any client create series): {@code argyle_user_sessions_total{user}},
 *       {@code argyle_user_transferred_bytes_total{user,direction}}</li>
 *   <li>JVM (memory, GC, threads, classes, CPU, uptime, file descriptors) and Netty memory</li>
 * </ul>
 * Thread-safe; events arrive on the event loops and cost a map lookup and an add.
 */
public final class ServerMetrics implements SessionListener, LiveSessions.Traffic, AutoCloseable {
    /** Latency buckets from 1 ms to 30 s: a SOCKS handshake on a LAN takes ~1 ms, a slow upstream seconds. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final boolean perUser;
    private final Counter bytesUp;
    private final Counter bytesDown;
    private final Counter authFailures;
    private final MultiGauge active;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics(boolean perUser) {
        this.perUser = perUser;
        bytesUp = bytes("argyle.transferred", Tags.of("direction", "up"));
        bytesDown = bytes("argyle.transferred", Tags.of("direction", "down"));
        authFailures = Counter.builder("argyle.auth.failures").description("Failed password logins")
                .register(registry);
        active = MultiGauge.builder("argyle.sessions.active").description("Sessions open now").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new NettyMemoryMetrics().bindTo(registry);
    }

    /** Exposes the server-wide UDP and limit counters and the open-session count (read when scraped). */
    public void watch(UdpCounters udp, LimitCounters limits, LiveSessions live) {
        io.micrometer.core.instrument.Gauge.builder("argyle.sessions.open", live, LiveSessions::size)
                .description("Sessions open now, in any state").register(registry);
        FunctionCounter.builder("argyle.udp.associations", udp, UdpCounters::associations)
                .description("UDP associations opened").register(registry);
        FunctionCounter.builder("argyle.udp.datagrams", udp, UdpCounters::datagramsUp).tags("direction", "up")
                .description("UDP datagrams relayed").register(registry);
        FunctionCounter.builder("argyle.udp.datagrams", udp, UdpCounters::datagramsDown).tags("direction", "down")
                .description("UDP datagrams relayed").register(registry);
        FunctionCounter.builder("argyle.udp.payload", udp, UdpCounters::bytesUp).tags("direction", "up")
                .baseUnit("bytes").description("UDP payload relayed").register(registry);
        FunctionCounter.builder("argyle.udp.payload", udp, UdpCounters::bytesDown).tags("direction", "down")
                .baseUnit("bytes").description("UDP payload relayed").register(registry);
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("argyle.udp.dropped", udp, u -> u.dropped(reason)).tags("reason", reason.label())
                    .description("UDP datagrams dropped").register(registry);
        }
        FunctionCounter.builder("argyle.udp.reassembled", udp, UdpCounters::reassembled)
                .description("UDP fragment sequences reassembled").register(registry);
        for (Limit limit : Limit.values()) {
            FunctionCounter.builder("argyle.limit.refusals", limits, l -> l.refused(limit)).tags("limit", limit.key())
                    .description("Sessions refused by a session limit").register(registry);
        }
    }

    /** {@code resolver}, timed. */
    /** PROXY protocol listeners: headers accepted (client, local) and connections closed, by outcome. */
    public void watch(ProxyHeaderCounters headers) {
        Map<String, java.util.function.ToDoubleFunction<ProxyHeaderCounters>> outcomes = Map.of(
                "accepted", ProxyHeaderCounters::acceptedTotal, "local", ProxyHeaderCounters::localTotal,
                "untrusted", ProxyHeaderCounters::untrustedTotal, "missing", ProxyHeaderCounters::missingTotal,
                "malformed", ProxyHeaderCounters::malformedTotal);
        outcomes.forEach((outcome, count) -> FunctionCounter.builder("argyle.proxy.headers", headers, count)
                .tags("outcome", outcome).description("PROXY protocol headers, by outcome").register(registry));
    }

    public Resolver timed(Resolver resolver) {
        return new TimedResolver(resolver,
                timer("argyle.resolve", Tags.of("outcome", "ok"), "Destination name resolution"),
                timer("argyle.resolve", Tags.of("outcome", "failed"), "Destination name resolution"));
    }

    @Override
    public void closed(Session s) {
        String version = s.version() == 0 ? "-" : Integer.toString(s.version());
        String command = s.command() == null ? "-" : s.command().label();
        Counter.builder("argyle.sessions").description("Sessions ended, by version, command and reply code")
                .tags("version", version, "command", command, "reply", s.reply()).register(registry).increment();
        if (s.handshakeNanos() >= 0) {
            timer("argyle.handshake", Tags.of("version", version), "Accept to request read")
                    .record(s.handshakeNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.replyNanos() >= 0) {
            boolean ok = "0x00".equals(s.reply()) || "0x5a".equals(s.reply());
            timer("argyle.connect", Tags.of("command", command, "outcome", ok ? "ok" : "failed"), "Request to reply")
                    .record(s.replyNanos(), TimeUnit.NANOSECONDS);
        }
        String reason = Refusal.of(s);
        if (reason != null) {
            Counter.builder("argyle.refusals").description("Sessions refused by this server, by reason and rule")
                    .tags("reason", reason, "rule", Refusal.rule(s, reason)).register(registry).increment();
            if ("auth".equals(reason)) {
                authFailures.increment();
            }
        }
        if (perUser && s.authenticated()) {
            Counter.builder("argyle.user.sessions").description("Sessions ended, per user")
                    .tags("user", s.user()).register(registry).increment();
        }
    }

    @Override
    public void moved(Session s, long up, long down) {
        bytesUp.increment(up);
        bytesDown.increment(down);
        if (perUser && s.authenticated()) {
            bytes("argyle.user.transferred", Tags.of("user", s.user(), "direction", "up")).increment(up);
            bytes("argyle.user.transferred", Tags.of("user", s.user(), "direction", "down")).increment(down);
        }
    }

    /** Sets {@code argyle_sessions_active} from the open sessions; call before each scrape. */
    public void sessionsOpen(List<LiveSnapshot> open) {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)));
        for (LiveSnapshot s : open) {
            List<String> key = List.of(s.version() == 0 ? "-" : Integer.toString(s.version()),
                    s.command() == null ? "-" : s.command());
            counts.merge(key, 1, Integer::sum);
        }
        active.register(counts.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("version", e.getKey().get(0), "command", e.getKey().get(1)),
                        e.getValue()))
                .toList(), true);
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Counter bytes(String name, Tags tags) {
        return Counter.builder(name).baseUnit("bytes").description("Bytes relayed (up: client to destination)")
                .tags(tags).register(registry);
    }

    private Timer timer(String name, Tags tags, String description) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
