package dev.argyle.cli;

import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ConfigValidator;
import dev.argyle.server.config.ControlSocketConfig;
import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.LogFormat;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.Timeouts;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argyle serve}: the config file (or the defaults), then each flag laid over it, then validation, then the
 * server. Flags win over the file so that one file can serve several deployments with a flag or two changed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {"Run the SOCKS server. With no options: 127.0.0.1:1080, no authentication.",
                "Flags override the config file; see docs/configuration.md."},
        footer = {"", "Durations: 500ms, 10s, 5m, 1h, or 0; 20us (microseconds) for --spin.",
                "A non-loopback listener without a password is refused unless --allow-open is given."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default: none, built-in defaults)")
    Path configFile;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = Converters.HostPortConverter.class,
            description = "Listen here instead of the file's listeners; repeat for several. IPv6: [::1]:1080")
    List<InetSocketAddress> listen = new ArrayList<>();

    @Option(names = "--auth", paramLabel = "none|password|gssapi", converter = Converters.AuthModeConverter.class,
            description = "Authentication for every listener")
    AuthMode auth;

    @Option(names = "--users", paramLabel = "FILE", description = "Users file for --auth password (make it with 'argyle passwd')")
    Path usersFile;

    @Option(names = "--allow-open", description = "Allow auth none on non-loopback listeners (an open proxy)")
    boolean allowOpen;

    @Option(names = "--ident", paramLabel = "off|log|verify", converter = Converters.IdentModeConverter.class,
            description = "Ident (RFC 1413) for SOCKS4 requests on every listener: log the client host's answer,"
                    + " or verify it against USERID (default off)")
    IdentMode ident;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Time allowed from accept to a complete SOCKS request (default 10s)")
    Duration handshakeTimeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Time allowed for the outbound connect (default 10s)")
    Duration connectTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Close relays idle this long; 0 = never (default 5m)")
    Duration idleTimeout;

    @Option(names = "--resolve-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Time allowed to resolve a destination name (default 5s)")
    Duration resolveTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "On SIGTERM/SIGINT, let sessions finish for this long (default 30s)")
    Duration shutdownGrace;

    @Option(names = "--control-socket", paramLabel = "PATH|off", converter = Converters.ControlSocketConverter.class,
            description = "Unix socket for 'argyle reload' (default: $XDG_RUNTIME_DIR/argyle-PORT.sock or "
                    + "/tmp/argyle-USER/argyle-PORT.sock; PORT = the first listener's)")
    ControlSocketConfig controlSocket;
    @Option(names = "--admin", paramLabel = "HOST:PORT", converter = Converters.HostPortConverter.class,
            description = "Serve metrics, the JSON API and the status page here (off by default; keep it on loopback"
                    + " unless admin.token is set in the config)")
    InetSocketAddress admin;

    @Option(names = "--log-format", paramLabel = "text|json", converter = Converters.LogFormatConverter.class,
            description = "Log lines on stderr as text (default) or one JSON object per line (journald, Kubernetes);"
                    + " set at start, a reload does not change it")
    LogFormat logFormat;

    @Option(names = "--transport", paramLabel = "auto|epoll|io_uring|nio", converter = Converters.TransportConverter.class,
            description = "Netty transport (default auto: epoll where available); io_uring copies instead of splicing."
                    + " Set at start")
    EventLoopConfig.TransportChoice transport;

    @Option(names = "--io-threads", paramLabel = "N", description = "Event loops (default one per core). Set at start")
    Integer ioThreads;

    @Option(names = "--spin", paramLabel = "DURATION", converter = Converters.MicrosDurationConverter.class,
            description = "Epoll loops poll this long (e.g. 20us) before they block: lower latency for more CPU"
                    + " (default 0, off). Set at start")
    Duration spin;

    private final ServerLauncher launcher;

    ServeCommand(ServerLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        try {
            config = effectiveConfig();
            ConfigValidator.validate(config);
            checkUsersFile(config, err);
        } catch (ConfigException e) {
            e.getMessage().lines().forEach(line -> err.println("argyle: " + line));
            err.flush();
            return ExitCodes.USAGE;
        }
        return launcher.run(config, this::reloadedConfig, err);
    }

    /**
     * Reads the users file once before starting, so that a malformed line is reported as bad configuration (exit 2)
     * rather than as a failure to start, and an empty file gets a warning: every login would fail.
     */
    private static void checkUsersFile(ServerConfig config, PrintWriter err) throws ConfigException {
        if (config.listeners().stream().noneMatch(l -> l.auth() == AuthMode.PASSWORD)) {
            return;
        }
        try {
            if (UsersFile.load(config.usersFile()).size() == 0) {
                err.println("argyle: warning: users file " + config.usersFile() + " has no users; every login will fail"
                        + " (add one with 'argyle passwd --users " + config.usersFile() + " NAME')");
            }
        } catch (IOException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** For a reload: the file read again, the same flags laid over it, validated. */
    private ServerConfig reloadedConfig() throws ConfigException {
        ServerConfig config = effectiveConfig();
        ConfigValidator.validate(config);
        return config;
    }

    /** The file (or defaults) with every given flag applied; not yet validated. */
    ServerConfig effectiveConfig() throws ConfigException {
        ServerConfig c = configFile == null ? ServerConfig.defaults() : ConfigLoader.load(configFile);
        if (!listen.isEmpty()) {
            ListenerConfig d = ServerConfig.defaultListener();
            c = c.withListeners(listen.stream().map(a -> new ListenerConfig(a, d.auth(), d.allowOpen())).toList());
        }
        if (auth != null) {
            c = c.withListeners(each(c.listeners(), l -> l.withAuth(auth)));
        }
        if (allowOpen) {
            c = c.withListeners(each(c.listeners(), l -> l.withAllowOpen(true)));
        }
        if (ident != null) {
            c = c.withListeners(each(c.listeners(), l -> l.withIdent(l.ident().withMode(ident))));
        }
        if (usersFile != null) {
            c = c.withUsersFile(usersFile);
        }
        if (controlSocket != null) {
            c = c.withControlSocket(controlSocket);
        }
        Timeouts t = c.timeouts();
        t = handshakeTimeout == null ? t : t.withHandshake(handshakeTimeout);
        t = connectTimeout == null ? t : t.withConnect(connectTimeout);
        t = idleTimeout == null ? t : t.withIdle(idleTimeout);
        t = resolveTimeout == null ? t : t.withResolve(resolveTimeout);
        c = c.withTimeouts(t);
        if (admin != null) {
            c = c.withAdmin(c.admin().withListen(admin));
        }
        if (logFormat != null) {
            c = c.withLogFormat(logFormat);
        }
        EventLoopConfig loops = c.eventLoops();
        loops = transport == null ? loops : loops.withTransport(transport);
        loops = ioThreads == null ? loops : loops.withThreads(ioThreads);
        loops = spin == null ? loops : loops.withSpin(spin);
        c = c.withEventLoops(loops);
        return shutdownGrace == null ? c : c.withShutdownGrace(shutdownGrace);
    }

    private static List<ListenerConfig> each(List<ListenerConfig> listeners, UnaryOperator<ListenerConfig> change) {
        return listeners.stream().map(change).toList();
    }
}
