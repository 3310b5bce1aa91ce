package dev.argyle.server.config;

import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.server.policy.Cidr;
import dev.argyle.server.tls.TlsConfig;
import dev.argyle.server.tls.TlsContexts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the YAML config file into a {@link ServerConfig}. This class is the schema: it lists the keys each level
 * may hold and the default for each; every key is optional and an empty file means {@link ServerConfig#defaults()}.
 *
 * <p>Unknown keys are errors, never ignored, because a misspelt {@code alow-open} or {@code idel} that silently
 * falls back to a default is exactly the mistake an operator cannot see. The result is not validated; call
 * {@link ConfigValidator#validate} after laying command-line flags over it.
 */
public final class ConfigLoader {
    static final List<String> TOP = List.of("listeners", "users-file", "timeouts", "shutdown-grace", "auth-throttle", "access-log",
            "bind", "udp", "rules", "routes", "limits", "control-socket", "gssapi", "admin",
            "log-format", "event-loops");
    static final List<String> LISTENER = List.of("listen", "auth", "allow-open", "ident", "ident-port", "ident-timeout",
            "proxy-protocol-from", "tls");
    static final List<String> TLS = List.of("cert", "key", "client-ca", "client-auth");
    static final List<String> TIMEOUTS = List.of("handshake", "connect", "idle", "resolve");
    static final List<String> THROTTLE = List.of("base-delay", "max-delay", "forget-after");
    static final List<String> BIND = List.of("accept-timeout", "port-range", "external-address", "allow-any-peer");
    static final List<String> UDP = List.of("idle-timeout", "fragments", "reassembly-timeout", "reassembly-max-bytes",
            "advertised-address");
    static final List<String> LIMITS = List.of("max-sessions", "max-sessions-per-client", "max-sessions-per-user",
            "new-sessions-per-second-per-client", "bandwidth", "udp-datagrams-per-second");
    static final List<String> BANDWIDTH = List.of("session", "user", "users");
    static final List<String> DIRECTIONS = List.of("up", "down");
    static final List<String> ADMIN = List.of("listen", "token", "metrics", "request-timeout");
    static final List<String> ADMIN_METRICS = List.of("per-user");
    static final List<String> RULES = List.of("clients", "requests");
    static final List<String> GSSAPI = List.of("keytab", "principal", "protection");
    static final List<String> CLIENT_RULE = List.of("name", "action", "log", "listener", "from");
    static final List<String> REQUEST_RULE = List.of("name", "action", "log", "listener", "from", "users", "groups",
            "version", "commands", "to", "ports");
    static final List<String> EVENT_LOOPS = List.of("transport", "threads", "spin");
    static final List<String> ROUTE = List.of("name", "from", "users", "groups", "commands", "to", "ports", "via",
            "chains", "direct", "hop-connect-timeout");

    private static final String DURATION = "a duration such as 500ms, 10s, 5m or 1h";

    private ConfigLoader() {
    }

    /**
     * Reads {@code file} as UTF-8. A relative {@code users-file} is taken relative to the config file's directory,
     * so a config and its users file can move together.
     */
    public static ServerConfig load(Path file) throws ConfigException {
        String text;
        try {
            // A strict decoder: a config saved in another encoding should fail here, not as odd YAML later.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir);
    }

    /** Parses YAML text; {@code sourceName} starts every error message (a file name, or e.g. "--config"). */
    public static ServerConfig parse(String yaml, String sourceName) throws ConfigException {
        return parse(yaml, sourceName, null);
    }

    private static ServerConfig parse(String yaml, String sourceName, Path baseDir) throws ConfigException {
        Section top = Section.root(YamlTree.read(yaml, sourceName), sourceName);
        top.allowOnly(TOP);
        ServerConfig d = ServerConfig.defaults();
        Optional<Path> usersFile = top.nullableScalar("users-file", "a file name", Path::of)
                .map(p -> baseDir == null ? p : baseDir.resolve(p));
        return new ServerConfig(
                listeners(top, baseDir).orElse(d.listeners()),
                usersFile.orElse(d.usersFile()),
                timeouts(top, d.timeouts()),
                top.scalar("shutdown-grace", DURATION, DurationParser::parse).orElse(d.shutdownGrace()),
                throttle(top, d.authThrottle()),
                top.bool("access-log").orElse(d.accessLog()),
                bind(top, d.bind()),
                udp(top, d.udp()),
                RulesLoader.read(top, d.rules()),
                RoutesLoader.read(top),
                limits(top, d.limits()),
                controlSocket(top, baseDir, d.controlSocket()),
                gssapi(top, d.gssapi(), baseDir),
                admin(top, d.admin()),
                top.scalar("log-format", "text or json", LogFormat::parse).orElse(d.logFormat()),
                eventLoops(top, d.eventLoops()));
    }

    private static EventLoopConfig eventLoops(Section top, EventLoopConfig d) throws ConfigException {
        Optional<Section> section = top.section("event-loops", EVENT_LOOPS);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(EVENT_LOOPS);
        EventLoopConfig transport = s.scalar("transport", "auto, epoll, io_uring or nio",
                EventLoopConfig.TransportChoice::parse).map(d::withTransport).orElse(d);
        EventLoopConfig threads = s.scalar("threads", "a whole number of event loops from 1 to "
                + EventLoopConfig.MAX_THREADS, ConfigLoader::wholeNumber).map(transport::withThreads).orElse(transport);
        return s.scalar("spin", "a duration such as 20us or 0 (off)", DurationParser::parseWithMicros)
                .map(threads::withSpin).orElse(threads);
    }

    private static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number of event loops from 1 to "
                    + EventLoopConfig.MAX_THREADS + ", got '" + text + "'");
        }
    }

    private static Optional<List<ListenerConfig>> listeners(Section top, Path baseDir) throws ConfigException {
        Optional<List<Section>> entries = top.sections("listeners", LISTENER);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        if (entries.get().isEmpty()) {
            throw top.error("listeners", "expected at least one listener; remove the key to use 127.0.0.1:1080");
        }
        ListenerConfig d = ServerConfig.defaultListener();
        List<ListenerConfig> out = new ArrayList<>();
        for (Section s : entries.get()) {
            s.allowOnly(LISTENER);
            out.add(new ListenerConfig(
                    s.scalar("listen", "HOST:PORT such as 127.0.0.1:1080", HostPort::parse).orElse(d.address()),
                    s.scalar("auth", "none, password or gssapi", AuthMode::parse).orElse(d.auth()),
                    s.bool("allow-open").orElse(d.allowOpen()),
                    ident(s, d.ident()),
                    s.list("proxy-protocol-from", "addresses or blocks such as 10.0.0.0/8", Cidr::parse)
                            .map(ProxyProtocolConfig::new).orElse(d.proxyProtocol()),
                    tls(s, baseDir)));
        }
        return Optional.of(out);
    }

    /**
     * {@code listeners[].tls}: relative files are taken relative to the config file's directory. The context is
     * built once here, so a missing file, an unreadable or mismatched key is reported at its key's line.
     */
    private static TlsConfig tls(Section listener, Path baseDir) throws ConfigException {
        Optional<Section> section = listener.section("tls", TLS);
        if (section.isEmpty()) {
            return TlsConfig.off();
        }
        Section s = section.get();
        s.allowOnly(TLS);
        java.util.function.Function<String, Path> file = t -> baseDir == null ? Path.of(t) : baseDir.resolve(t);
        Path cert = s.scalar("cert", "a PEM certificate file", file).orElseThrow(() -> s.error("cert",
                "tls.cert is required: the PEM certificate chain"));
        Path key = s.scalar("key", "a PEM PKCS#8 key file", file).orElseThrow(() -> s.error("key",
                "tls.key is required: the PEM PKCS#8 private key"));
        Path clientCa = s.scalar("client-ca", "a PEM CA certificate file", file).orElse(null);
        TlsConfig.ClientAuth clientAuth = s.keyword("client-auth", "none, optional or required",
                TlsConfig.ClientAuth::parse).orElse(clientCa == null ? TlsConfig.ClientAuth.NONE : TlsConfig.ClientAuth.OPTIONAL);
        unreadable(s, "cert", cert);
        unreadable(s, "key", key);
        if (clientCa != null) {
            unreadable(s, "client-ca", clientCa);
        } else if (clientAuth != TlsConfig.ClientAuth.NONE) {
            throw s.error("client-auth", "client-auth " + clientAuth.configName() + " needs client-ca");
        }
        TlsConfig tls = new TlsConfig(cert, key, clientCa, clientAuth);
        try {
            TlsContexts.server(tls);
        } catch (IllegalArgumentException e) {
            throw s.error("key", e.getMessage());
        }
        return tls;
    }

    private static void unreadable(Section s, String key, Path file) throws ConfigException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw s.error(key, file + " is not a readable file");
        }
    }

    private static IdentConfig ident(Section s, IdentConfig d) throws ConfigException {
        return new IdentConfig(
                s.keyword("ident", "off, log or verify", IdentMode::parse).orElse(d.mode()),
                s.scalar("ident-port", "a port from 1 to 65535", IdentConfig::parsePort).orElse(d.port()),
                duration(s, "ident-timeout", d.timeout()));
    }

    private static Timeouts timeouts(Section top, Timeouts d) throws ConfigException {
        Optional<Section> section = top.section("timeouts", TIMEOUTS);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(TIMEOUTS);
        return new Timeouts(
                duration(s, "handshake", d.handshake()),
                duration(s, "connect", d.connect()),
                duration(s, "idle", d.idle()),
                duration(s, "resolve", d.resolve()));
    }

    private static AuthThrottleConfig throttle(Section top, AuthThrottleConfig d) throws ConfigException {
        Optional<Section> section = top.section("auth-throttle", THROTTLE);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(THROTTLE);
        return new AuthThrottleConfig(
                duration(s, "base-delay", d.baseDelay()),
                duration(s, "max-delay", d.maxDelay()),
                duration(s, "forget-after", d.forgetAfter()));
    }

    private static BindConfig bind(Section top, BindConfig d) throws ConfigException {
        Optional<Section> section = top.section("bind", BIND);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(BIND);
        int[] range = s.scalar("port-range", "a port range such as 40000-40999 (or 0 for any port)",
                PortRange::parse).orElse(new int[] {d.portMin(), d.portMax()});
        return new BindConfig(
                duration(s, "accept-timeout", d.acceptTimeout()),
                range[0], range[1],
                s.scalar("external-address", "an IP address such as 192.0.2.10", PortRange::ipLiteral)
                        .orElse(d.externalAddress()),
                s.bool("allow-any-peer").orElse(d.allowAnyPeer()));
    }

    private static UdpConfig udp(Section top, UdpConfig d) throws ConfigException {
        Optional<Section> section = top.section("udp", UDP);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(UDP);
        UdpConfig udp = new UdpConfig(
                duration(s, "idle-timeout", d.idleTimeout()),
                s.bool("fragments").orElse(d.fragments()),
                duration(s, "reassembly-timeout", d.reassemblyTimeout()),
                s.scalar("reassembly-max-bytes", "a number of bytes from 1 to 16777216", PortRange::byteCount)
                        .orElse(d.reassemblyMaxBytes()),
                s.scalar("advertised-address", "an IP address such as 203.0.113.10", ConfigLoader::ipAddress)
                        .orElse(d.advertisedAddress()));
        Map.Entry<String, String> first = udp.problems().entrySet().stream().findFirst().orElse(null);
        if (first != null) {
            throw s.error(first.getKey(), first.getValue()); // at the value's line and column
        }
        return udp;
    }

    /** One specific IPv4 or IPv6 address, never a name (nothing is looked up while loading a config). */
    private static java.net.InetAddress ipAddress(String text) {
        Cidr one = Cidr.parse(text);
        if (text.contains("/") || one.network().isAnyLocalAddress()) {
            throw new IllegalArgumentException("'" + text + "' is not one specific IP address such as 203.0.113.10");
        }
        return one.network();
    }

    private static LimitsConfig limits(Section top, LimitsConfig d) throws ConfigException {
        Optional<Section> section = top.section("limits", LIMITS);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(LIMITS);
        return new LimitsConfig(
                limit(s, "max-sessions", d.maxSessions()),
                limit(s, "max-sessions-per-client", d.maxSessionsPerClient()),
                limit(s, "max-sessions-per-user", d.maxSessionsPerUser()),
                limit(s, "new-sessions-per-second-per-client", d.newSessionsPerSecondPerClient()),
                bandwidth(s, d.bandwidth()),
                limit(s, "udp-datagrams-per-second", d.udpDatagramsPerSecond()));
    }

    private static BandwidthConfig bandwidth(Section limits, BandwidthConfig d) throws ConfigException {
        Optional<Section> section = limits.section("bandwidth", BANDWIDTH);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(BANDWIDTH);
        long[] session = directions(s, "session", d.sessionUp(), d.sessionDown());
        long[] user = directions(s, "user", d.userUp(), d.userDown());
        Map<String, BandwidthConfig.Rates> users = new LinkedHashMap<>(d.users());
        Optional<Map<String, Section>> named = s.namedSections("users", DIRECTIONS);
        if (named.isPresent()) {
            for (Map.Entry<String, Section> e : named.get().entrySet()) {
                e.getValue().allowOnly(DIRECTIONS);
                // A direction left out takes the general per-user rate.
                long[] own = directions(e.getValue(), user[0], user[1]);
                users.put(e.getKey(), new BandwidthConfig.Rates(own[0], own[1]));
            }
        }
        return new BandwidthConfig(session[0], session[1], user[0], user[1], users);
    }

    private static long[] directions(Section bandwidth, String key, long up, long down) throws ConfigException {
        Optional<Section> section = bandwidth.section(key, DIRECTIONS);
        if (section.isEmpty()) {
            return new long[] {up, down};
        }
        Section s = section.get();
        s.allowOnly(DIRECTIONS);
        return directions(s, up, down);
    }

    private static long[] directions(Section s, long up, long down) throws ConfigException {
        String expected = "a rate such as 512KiB/s, 10MB/s or 100Mbit/s, or 0 for no limit";
        return new long[] {s.scalar("up", expected, ByteRate::parse).orElse(up),
                s.scalar("down", expected, ByteRate::parse).orElse(down)};
    }

    private static ControlSocketConfig controlSocket(Section top, Path baseDir, ControlSocketConfig d)
            throws ConfigException {
        String expected = "a socket file path, or off";
        Optional<Boolean> flag;
        try {
            flag = top.bool("control-socket");
        } catch (ConfigException notTrueOrFalse) {
            return top.scalar("control-socket", expected, t -> ControlSocketConfig.parse(t, baseDir)).orElse(d);
        }
        // YAML 1.1 reads a bare off (or no, false) as a boolean.
        if (flag.isPresent() && flag.get()) {
            throw top.error("control-socket", "expected " + expected + ", got true");
        }
        return flag.isPresent() ? ControlSocketConfig.off() : d;
    }

    /** A relative keytab is taken relative to the config file's directory, like the users file. */
    private static GssapiConfig gssapi(Section top, GssapiConfig d, Path baseDir) throws ConfigException {
        Optional<Section> section = top.section("gssapi", GSSAPI);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(GSSAPI);
        return new GssapiConfig(
                s.nullableScalar("keytab", "a file name", Path::of).map(p -> baseDir == null ? p : baseDir.resolve(p))
                        .orElse(d.keytab()),
                s.nullableScalar("principal", "a principal such as rcmd/proxy.example.com", String::strip)
                        .orElse(d.principal()),
                s.list("protection", "integrity, confidentiality, selective or clear", ProtectionLevel::parse)
                        .orElse(d.protection()));
    }

    private static AdminConfig admin(Section top, AdminConfig d) throws ConfigException {
        Optional<Section> section = top.section("admin", ADMIN);
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        s.allowOnly(ADMIN);
        boolean perUser = d.perUserMetrics();
        Optional<Section> metrics = s.section("metrics", ADMIN_METRICS);
        if (metrics.isPresent()) {
            metrics.get().allowOnly(ADMIN_METRICS);
            perUser = metrics.get().bool("per-user").orElse(perUser);
        }
        return new AdminConfig(
                s.nullableScalar("listen", "HOST:PORT such as 127.0.0.1:9180", HostPort::parse).orElse(d.listen()),
                s.nullableScalar("token", "a secret of at least " + AdminConfig.MIN_TOKEN_LENGTH + " characters",
                        ConfigLoader::token).orElse(d.token()),
                perUser,
                duration(s, "request-timeout", d.requestTimeout()));
    }

    private static String token(String text) {
        if (text.length() < AdminConfig.MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("too short (" + text.length() + " characters; at least "
                    + AdminConfig.MIN_TOKEN_LENGTH + ", e.g. from 'openssl rand -hex 24')");
        }
        return text;
    }

    private static int limit(Section s, String key, int fallback) throws ConfigException {
        return s.scalar(key, "a whole number from 0 (no limit) to " + LimitsConfig.MAX, LimitsConfig::parse)
                .orElse(fallback);
    }

    private static Duration duration(Section s, String key, Duration fallback) throws ConfigException {
        return s.scalar(key, DURATION, DurationParser::parse).orElse(fallback);
    }
}
