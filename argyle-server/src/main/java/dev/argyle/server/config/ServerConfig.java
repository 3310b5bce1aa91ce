package dev.argyle.server.config;

import dev.argyle.server.policy.AccessRules;
import dev.argyle.server.route.Route;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the server needs to start. Immutable; change a copy with the {@code withX} methods, which is how
 * command-line flags are laid over a file.
 *
 * <p>The record itself only refuses nulls; rules that span fields (a password listener needs a users file, no open
 * proxy on a public address) belong to {@link ConfigValidator}, so that the merged result is checked once.
 *
 * @param listeners     the addresses to accept clients on, bound in this order
 * @param usersFile     the {@code name:hash} file for {@link AuthMode#PASSWORD} listeners, or {@code null}
 * @param timeouts      per-phase session timeouts
 * @param shutdownGrace how long SIGTERM lets open sessions finish before they are closed
 * @param authThrottle  the delay schedule for failed password attempts
 * @param accessLog     whether to write one {@code argyle.access} log line per session
 * @param bind          the BIND command's settings
 * @param udp           UDP ASSOCIATE's settings
 * @param rules         the client and request access rules (the built-in defaults unless the file has its own)
 * @param routes        upstream routes in order (first match wins; none matching, or none at all, is direct)
 * @param limits        how many sessions may be open, in total, per client address and per user
 * @param controlSocket where {@code argyle serve} takes local control requests ({@code argyle reload})
 * @param gssapi        the keytab, principal and protection levels of GSS-API listeners
 * @param admin         the admin listener (metrics, JSON API, status page); off by default
 * @param logFormat     how {@code argyle serve} writes its log lines (text or JSON); fixed at start
 * @param eventLoops    the transport and event loops (unset parts: system properties, then defaults); fixed at start
 */
public record ServerConfig(
        List<ListenerConfig> listeners,
        Path usersFile,
        Timeouts timeouts,
        Duration shutdownGrace,
        AuthThrottleConfig authThrottle,
        boolean accessLog,
        BindConfig bind,
        UdpConfig udp,
        AccessRules rules,
        List<Route> routes,
        LimitsConfig limits,
        ControlSocketConfig controlSocket,
        GssapiConfig gssapi,
        AdminConfig admin,
        LogFormat logFormat,
        EventLoopConfig eventLoops) {

    /** The default port for SOCKS (RFC 1928 section 3). */
    public static final int DEFAULT_PORT = 1080;

    public ServerConfig {
        listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(authThrottle, "authThrottle");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(udp, "udp");
        Objects.requireNonNull(rules, "rules");
        routes = List.copyOf(Objects.requireNonNull(routes, "routes"));
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(gssapi, "gssapi");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(eventLoops, "eventLoops");
    }

    /** With the event loops left to the system properties and defaults. */
    public ServerConfig(List<ListenerConfig> listeners, Path usersFile, Timeouts timeouts, Duration shutdownGrace,
                        AuthThrottleConfig authThrottle, boolean accessLog, BindConfig bind, UdpConfig udp,
                        AccessRules rules, List<Route> routes, LimitsConfig limits, ControlSocketConfig controlSocket,
                        GssapiConfig gssapi, AdminConfig admin, LogFormat logFormat) {
        this(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits,
                controlSocket, gssapi, admin, logFormat, EventLoopConfig.defaults());
    }

    /** With text logs. */
    public ServerConfig(List<ListenerConfig> listeners, Path usersFile, Timeouts timeouts, Duration shutdownGrace,
                        AuthThrottleConfig authThrottle, boolean accessLog, BindConfig bind, UdpConfig udp,
                        AccessRules rules, List<Route> routes, LimitsConfig limits, ControlSocketConfig controlSocket,
                        GssapiConfig gssapi, AdminConfig admin) {
        this(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits,
                controlSocket, gssapi, admin, LogFormat.TEXT);
    }

    /** With the default control socket, no GSS-API settings and no admin listener. */
    public ServerConfig(List<ListenerConfig> listeners, Path usersFile, Timeouts timeouts, Duration shutdownGrace,
                        AuthThrottleConfig authThrottle, boolean accessLog, BindConfig bind, UdpConfig udp,
                        AccessRules rules, List<Route> routes, LimitsConfig limits) {
        this(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits,
                ControlSocketConfig.defaults(), GssapiConfig.defaults(), AdminConfig.disabled());
    }

    /** With the default limits. */
    public ServerConfig(List<ListenerConfig> listeners, Path usersFile, Timeouts timeouts, Duration shutdownGrace,
                        AuthThrottleConfig authThrottle, boolean accessLog, BindConfig bind, UdpConfig udp,
                        AccessRules rules, List<Route> routes) {
        this(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes,
                LimitsConfig.defaults());
    }

    /** Without routes: everything goes direct. */
    public ServerConfig(List<ListenerConfig> listeners, Path usersFile, Timeouts timeouts, Duration shutdownGrace,
                        AuthThrottleConfig authThrottle, boolean accessLog, BindConfig bind, UdpConfig udp,
                        AccessRules rules) {
        this(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, List.of());
    }

    /** One listener on 127.0.0.1:1080 without auth, default timeouts, 30s shutdown grace, access log on,
     * default limits. */
    public static ServerConfig defaults() {
        return new ServerConfig(List.of(defaultListener()), null, Timeouts.defaults(), Duration.ofSeconds(30),
                AuthThrottleConfig.defaults(), true, BindConfig.defaults(), UdpConfig.defaults(), AccessRules.defaults());
    }

    /** 127.0.0.1:1080, auth none: reachable only from this machine, so it is safe without a password. */
    public static ListenerConfig defaultListener() {
        // A literal, so no name lookup happens.
        return new ListenerConfig(new InetSocketAddress("127.0.0.1", DEFAULT_PORT), AuthMode.NONE, false);
    }

    public ServerConfig withListeners(List<ListenerConfig> l) {
        return new ServerConfig(l, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withUsersFile(Path p) {
        return new ServerConfig(listeners, p, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withTimeouts(Timeouts t) {
        return new ServerConfig(listeners, usersFile, t, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withShutdownGrace(Duration d) {
        return new ServerConfig(listeners, usersFile, timeouts, d, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withAuthThrottle(AuthThrottleConfig a) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, a, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withBind(BindConfig b) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, b, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withUdp(UdpConfig u) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, u, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withRules(AccessRules r) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, r, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withRoutes(List<Route> r) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, r, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withLimits(LimitsConfig l) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, l, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withControlSocket(ControlSocketConfig c) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, c, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withGssapi(GssapiConfig g) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, g, admin, logFormat, eventLoops);
    }

    public ServerConfig withAdmin(AdminConfig a) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, a, logFormat, eventLoops);
    }

    public ServerConfig withAccessLog(boolean on) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, on, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, eventLoops);
    }

    public ServerConfig withLogFormat(LogFormat f) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, f, eventLoops);
    }

    public ServerConfig withEventLoops(EventLoopConfig e) {
        return new ServerConfig(listeners, usersFile, timeouts, shutdownGrace, authThrottle, accessLog, bind, udp, rules, routes, limits, controlSocket, gssapi, admin, logFormat, e);
    }
}
