package dev.argyle.server;

import dev.argyle.server.admin.Admin;
import dev.argyle.server.admin.Reloader;
import dev.argyle.server.auth.AuthThrottle;
import dev.argyle.server.auth.PasswordAuthenticator;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.bind.BindCommand;
import dev.argyle.server.bind.OutboundAddresses;
import dev.argyle.protocol.Command;
import dev.argyle.server.command.CommandRegistry;
import dev.argyle.server.command.ConnectCommand;
import dev.argyle.server.command.SocksCommand;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigValidator;
import dev.argyle.server.config.LogFormat;
import dev.argyle.server.config.ControlSocketConfig;
import dev.argyle.server.config.DurationParser;
import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.gssapi.GssAcceptor;
import dev.argyle.server.limit.LimitCounters;
import dev.argyle.server.limit.SessionLimits;
import dev.argyle.server.limit.UserBandwidth;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.overload.AcceptGuard;
import dev.argyle.server.overload.Descriptors;
import dev.argyle.server.overload.MemoryWatch;
import dev.argyle.server.overload.OverloadCounters;
import dev.argyle.server.policy.RulePolicy;
import dev.argyle.server.proxyheader.ProxyHeaderCounters;
import dev.argyle.server.relay.Bandwidth;
import dev.argyle.server.relay.ByteCounter;
import dev.argyle.server.relay.EarlyEpollInterest;
import dev.argyle.server.relay.EpollRegistration;
import dev.argyle.server.relay.KeepAlive;
import dev.argyle.server.relay.TcpRelay;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.resolve.SystemResolver;
import dev.argyle.server.resolve.TimeoutResolver;
import dev.argyle.server.route.RoutedCommand;
import dev.argyle.server.route.Router;
import dev.argyle.server.route.UpstreamConnector;
import dev.argyle.server.tls.TlsListener;
import dev.argyle.server.udp.UdpAssociateCommand;
import dev.argyle.server.udp.UdpCounters;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.MultithreadEventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running SOCKS server: its listeners share one set of event loops. Thread-safe. */
public final class ArgyleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArgyleServer.class);
    /** Relay buffers per direction: above the high mark the other side stops reading (back-pressure). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    /** One listening socket per event loop (epoll); {@code -Dargyle.reuseport=false} keeps a single one. */
    private static final boolean REUSE_PORT = !"false".equalsIgnoreCase(System.getProperty("argyle.reuseport"));

    /** What new sessions get; {@link #reload} replaces it, sessions already accepted keep the one they got. */
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final Object reloadLock = new Object();
    /** The listeners as started: a reload does not rebind. */
    private final List<ListenerConfig> listeners;
    /** The control socket as started: it is opened by whoever runs the server, once. */
    private final ControlSocketConfig controlSocket;
    private final Transport transport;
    /** How long the epoll loops poll before they block, as started (zero: not at all). */
    private final Duration spin;
    private final Resolver baseResolver;
    private final SessionListener extra;
    private final ChannelGroup channels;
    private final OutboundAddresses outbound = new OutboundAddresses(OutboundAddresses.DEFAULT_CAPACITY);
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final List<Channel> serverChannels = new ArrayList<>();
    /** One per listener, in order: a reload hands them their certificate files read again. */
    private final List<SocksChannelInitializer> initializers = new ArrayList<>();
    private final List<InetSocketAddress> bound = new CopyOnWriteArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private final UdpCounters udpCounters = new UdpCounters();
    /** Per-user bandwidth buckets: server-wide, so a new config's relay must be given this same one. */
    private final UserBandwidth userBandwidth;
    private final Descriptors descriptors = Descriptors.ofThisProcess();
    /** Server-wide: descriptor and memory overload is a property of the process, not of a config. */
    private final OverloadCounters overload = new OverloadCounters();
    /** Server-wide: PROXY protocol headers accepted and refused on every listener that requires them. */
    private final ProxyHeaderCounters proxyHeaders = new ProxyHeaderCounters();
    /** The Kerberos acceptor as started (keytab logged in once); null when no listener uses GSS-API. */
    private volatile GssAcceptor gssapi;
    /** The admin listener's parts (metrics, live sessions, HTTP), or null when it is off. */
    private Admin admin;

    private ArgyleServer(ServerConfig config, Transport transport, Duration spin, Resolver baseResolver,
                         SessionListener extra, EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        this.userBandwidth = new UserBandwidth();
        this.listeners = config.listeners();
        this.controlSocket = config.controlSocket();
        this.transport = transport;
        this.spin = spin;
        this.baseResolver = baseResolver;
        this.extra = extra;
        this.channels = new DefaultChannelGroup("argyle", GlobalEventExecutor.INSTANCE);
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
    }

    /** Binds every listener in {@code config} and starts serving; throws if any listener cannot bind. */
    public static ArgyleServer start(ServerConfig config) throws IOException {
        return start(config, new SystemResolver(16), SessionListener.NONE);
    }

    /**
     * As {@link #start(ServerConfig)}, with a resolver of the caller's (tests use one that knows names only
     * the proxy can resolve) and extra session listeners besides the access log.
     */
    public static ArgyleServer start(ServerConfig config, Resolver resolver, SessionListener extra)
            throws IOException {
        // Event loops: one per core unless the config says otherwise. Netty's default is two per core; more runnable
        // loops than cores only adds context switches (docs/benchmarks.md: connections per second).
        EventLoopConfig loops = config.eventLoops();
        Transport transport = Transport.choose(loops.resolvedTransport());
        Duration spin = loops.resolvedSpin();
        if (!spin.isZero() && transport != Transport.EPOLL) {
            log.warn("event-loops.spin {} ignored: polling before blocking is for epoll, and the transport is {}",
                    DurationParser.format(spin), transport.name().toLowerCase());
            spin = Duration.ZERO;
        }
        EventLoopGroup boss = transport.newGroup(1, new DefaultThreadFactory("argyle-accept", true), spin);
        EventLoopGroup workers = transport.newGroup(loops.resolvedThreads(), new DefaultThreadFactory("argyle-io", true), spin);
        ArgyleServer server = new ArgyleServer(config, transport, spin, resolver, extra, boss, workers);
        try {
            if (config.listeners().stream().anyMatch(l -> l.auth() == AuthMode.GSSAPI)) {
                server.gssapi = GssAcceptor.login(config.gssapi());
            }
            server.admin = config.admin().enabled() ? new Admin(config.admin()) : null;
            server.current.set(server.build(config, null));
            server.bindAll();
            if (server.admin != null) {
                server.admin.start(transport, server.udpCounters, server.limitCounters(), server::ready);
                server.admin.watch(server.proxyHeaders);
                log.info("argyle admin listening on {}", hostPort(server.admin.address()));
            }
        } catch (IOException | RuntimeException e) {
            server.shutdown(Duration.ZERO);
            throw e;
        }
        log.info("argyle started: transport {}, {} event loop(s){}, {} listener(s)", transport.name().toLowerCase(),
                loops.resolvedThreads(), spin.isZero() ? "" : " polling " + DurationParser.format(spin) + " before blocking",
                server.bound.size());
        return server;
    }

    /**
     * Everything a session uses, built from {@code config}: users file, rules, limits (counting on from
     * {@code previous}'s), timeouts, access log, routes, BIND and UDP settings. The listeners are not rebound.
     */
    private Generation build(ServerConfig config, Generation previous) throws IOException {
        ServerContext before = previous == null ? null : previous.context();
        PasswordAuthenticator authenticator = null;
        if (config.listeners().stream().anyMatch(l -> l.auth() == AuthMode.PASSWORD)) {
            UsersFile users = UsersFile.load(config.usersFile());
            if (users.size() == 0) {
                log.warn("users file {} has no users: every login will fail", config.usersFile());
            }
            if (before == null || before.authenticator() == null) {
                authenticator = new PasswordAuthenticator(users, new AuthThrottle(config.authThrottle(), Clock.systemUTC()),
                        Math.max(1, Runtime.getRuntime().availableProcessors()));
            } else {
                // Failures counted so far still slow a guesser down, unless the throttle's settings changed.
                boolean sameThrottle = config.authThrottle().equals(before.config().authThrottle());
                authenticator = before.authenticator().reloaded(users, sameThrottle ? before.authenticator().throttle()
                        : new AuthThrottle(config.authThrottle(), Clock.systemUTC()));
            }
        }
        List<SessionListener> listeners = new ArrayList<>();
        if (config.accessLog()) {
            listeners.add(new AccessLog(config.logFormat() == LogFormat.JSON));
        }
        listeners.add(extra);
        if (admin != null) {
            listeners.add(admin.sessionListener());
        }
        Resolver bounded = new TimeoutResolver(baseResolver, config.timeouts().resolve());
        if (admin != null) {
            bounded = admin.timed(bounded);
        }
        RulePolicy policy = new RulePolicy(config.rules(), config.listeners().stream().map(ListenerConfig::address).toList());
        bound.forEach(policy::listening);
        SessionLimits limits = before == null ? new SessionLimits(config.limits(), new LimitCounters())
                : before.limits().reconfigured(config.limits());
        ServerContext context = new ServerContext(config, transport, bounded, authenticator,
                SessionListener.of(listeners), relay(config, userBandwidth, limits.counters()), channels, policy, limits, overload, gssapi);
        return new Generation(previous == null ? 1 : previous.number() + 1, context, commands(context));
    }

    private CommandRegistry commands(ServerContext context) {
        Map<Command, SocksCommand> direct = Map.of(
                Command.CONNECT, new ConnectCommand(outboundTemplate(context, null),
                        outboundTemplate(context, SocketProtocolFamily.INET), context.resolver(), outbound::remember),
                Command.BIND, new BindCommand(context.config().bind(), context.transport().serverChannel(),
                        outboundTemplate(context), context.resolver(), outbound),
                Command.UDP_ASSOCIATE, new UdpAssociateCommand(context.transport(), context.config().udp(),
                        context.resolver(), udpCounters, context.config().limits().udpDatagramsPerSecond()));
        return new CommandRegistry(routed(context, direct));
    }

    private void bindAll() throws IOException {
        for (ListenerConfig listener : listeners) {
            SocksChannelInitializer initializer = new SocksChannelInitializer(current::get, listener, proxyHeaders);
            initializers.add(initializer);
            if (transport.hasReusePort() && REUSE_PORT) {
                refuseIfTaken(listener.address());
            }
            Channel first = bindFirst(listener.address(), initializer);
            InetSocketAddress actual = (InetSocketAddress) first.localAddress();
            bound.add(actual);
            current.get().context().policy().listening(actual);
            serverChannels.add(first);
            if (first.config().getOption(UnixChannelOption.SO_REUSEPORT) == Boolean.TRUE) {
                // One listening socket per event loop on the same port: the kernel spreads connections across
                // them and each is accepted by the loop that then serves it, with no hand-off between threads
                // (a hand-off costs an eventfd write and a futex wake-up per connection).
                for (EventExecutor loop : workerGroup) {
                    if (loop != first.eventLoop()) {
                        EventLoop l = (EventLoop) loop;
                        serverChannels.add(bind(actual, l, l, initializer));
                    }
                }
            }
        }
    }

    /**
     * The listener's first socket: on the first event loop when every loop gets its own socket (SO_REUSEPORT),
     * else on the accept thread, which hands each connection to the next event loop.
     */
    private Channel bindFirst(InetSocketAddress address, SocksChannelInitializer initializer) throws IOException {
        if (transport.hasReusePort() && REUSE_PORT) {
            EventLoop firstLoop = workerGroup.next();
            Channel ch = bind(address, firstLoop, firstLoop, initializer);
            if (ch.config().getOption(UnixChannelOption.SO_REUSEPORT) == Boolean.TRUE) {
                return ch;
            }
            ch.close().syncUninterruptibly();
        }
        return bind(address, bossGroup, workerGroup, initializer);
    }

    /** Each command asks the router first (with no routes configured, everything is direct at once). */
    private Map<Command, SocksCommand> routed(ServerContext context, Map<Command, SocksCommand> direct) {
        Router router = new Router(context.config().routes());
        UpstreamConnector connector = new UpstreamConnector(outboundTemplate(context), context.resolver());
        Map<Command, SocksCommand> out = new HashMap<>();
        direct.forEach((code, command) -> out.put(code, new RoutedCommand(code, command, router, connector,
                context.resolver(), context.config().bind().acceptTimeout())));
        return out;
    }

    /**
     * SO_REUSEPORT lets any process of the same user bind the same port and silently share its connections, so
     * a second {@code argyle serve} on a port already served would start "successfully". A plain bind (no
     * SO_REUSEPORT) fails with EADDRINUSE while any socket listens there; try one first and let it go.
     */
    private static void refuseIfTaken(InetSocketAddress address) throws BindException {
        if (address.getPort() == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address, 1);
        } catch (BindException e) {
            BindException taken = new BindException("cannot listen on " + hostPort(address) + ": " + e.getMessage());
            taken.initCause(e);
            throw taken;
        } catch (IOException other) {
            // Anything else (no such address, permission) is reported by the real bind that follows.
        }
    }

    private Channel bind(InetSocketAddress address, EventLoopGroup acceptGroup, EventLoopGroup childGroup,
                         SocksChannelInitializer initializer) throws IOException {
        // No TCP_NODELAY here or on the outbound template: Netty sets it on every socket it creates (epoll and
        // NIO alike), and asking again costs a setsockopt per socket.
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, childGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel listening) {
                        listening.pipeline().addLast(new AcceptGuard(descriptors, overload), EarlyEpollInterest.INSTANCE);
                    }
                })
                .childHandler(initializer);
        if (transport.hasReusePort() && REUSE_PORT) {
            b.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        try {
            return b.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            // syncUninterruptibly rethrows the checked bind failure undeclared.
            BindException bindFailure = new BindException(
                    "cannot listen on " + hostPort(address) + ": " + e.getMessage());
            bindFailure.initCause(e);
            throw bindFailure;
        }
    }

    private static Bootstrap outboundTemplate(ServerContext context) {
        return outboundTemplate(context, null);
    }

    /** {@code family}: see {@link Transport#outboundChannels(SocketProtocolFamily)}; null for dual-stack. */
    private static Bootstrap outboundTemplate(ServerContext context, SocketProtocolFamily family) {
        Duration connectTimeout = context.config().timeouts().connect();
        Bootstrap b = new Bootstrap()
                .channelFactory(context.transport().outboundChannels(family))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new OutboundSetup(new MemoryWatch(context.overload())));
        if (KeepAlive.useful(context.config().timeouts().idle())) { // else the idle timeout comes first
            b.option(ChannelOption.SO_KEEPALIVE, true);
        }
        return b;
    }

    /** Whether {@code loops}, resolved as at start, describes the loops this server runs on. */
    private boolean runsOn(EventLoopConfig loops) {
        Duration asked = transport == Transport.EPOLL ? loops.resolvedSpin() : Duration.ZERO;
        return Transport.choose(loops.resolvedTransport()) == transport && loops.resolvedThreads() == eventLoopCount()
                && asked.equals(spin);
    }

    /** How many event loops carry the listeners and sessions. */
    public int eventLoopCount() {
        return workerGroup instanceof MultithreadEventExecutorGroup group ? group.executorCount() : 1;
    }

    /** The Netty transport the listeners and outbound sockets use. */
    public Transport transport() {
        return transport;
    }

    /** The addresses actually bound (ephemeral ports resolved), in listener order. */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** UDP ASSOCIATE datagram and drop counters, summed over all associations. */
    public UdpCounters udpCounters() {
        return udpCounters;
    }

    /** Sessions refused by the session limits, by limit. */
    public LimitCounters limitCounters() {
        return current.get().context().limits().counters();
    }

    /** Connections shed and accepts paused for want of descriptors, sessions closed for want of memory. */
    public ProxyHeaderCounters proxyHeaderCounters() {
        return proxyHeaders;
    }

    public OverloadCounters overloadCounters() {
        return overload;
    }

    /** True from the moment every listener is bound until shutdown begins (the admin API's /api/ready). */
    public boolean ready() {
        return !shuttingDown && !bound.isEmpty();
    }

    /**
     * What the admin API's {@code POST /api/reload} runs (whoever knows where the configuration comes from sets it,
     * e.g. the command line); until then it answers 501. Does nothing when the admin listener is off.
     */
    public void adminReloader(Reloader reloader) {
        if (admin != null) {
            admin.reloader(reloader);
        }
    }

    /** Where the admin listener is bound, or null when it is off. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.address();
    }

    /** Sessions (client and outbound channels) currently open; for tests and status. */
    public int openChannels() {
        return channels.size();
    }

    /** The configuration new sessions get: the one started with, or the last one {@link #reload}ed. */
    public ServerConfig config() {
        return current.get().context().config();
    }

    /**
     * Replaces what new sessions get with {@code newConfig}: users file (read again), TLS listeners' certificate
     * files (read again from the same paths), rules, limits, timeouts, access log, routes, BIND and UDP settings,
     * shutdown grace. Sessions already accepted go on with what
     * they had; the session limits go on counting them. Listeners are not rebound (nor the control socket
     * moved, nor the event loops remade): a change to them is reported in the result and logged, and needs a restart. Nothing changes if
     * the config is invalid or the users file cannot be read. Serialised: one reload at a time.
     *
     * @throws ConfigException with the reason, when the config is refused (the running policy stays in force)
     */
    public ReloadOutcome reload(ServerConfig newConfig) throws ConfigException {
        synchronized (reloadLock) {
            if (shuttingDown) {
                throw new ConfigException("the server is shutting down");
            }
            ConfigValidator.validate(newConfig);
            List<String> notApplied = new ArrayList<>();
            ServerConfig effective = newConfig;
            if (!newConfig.listeners().equals(listeners)) {
                notApplied.add("listeners");
                effective = newConfig.withListeners(listeners);
                // The listeners kept may need what the new file dropped (a password listener needs users).
                ConfigValidator.validate(effective);
            }
            if (!effective.gssapi().equals(current.get().context().config().gssapi())) {
                // The acceptor logged in from the keytab at start; sessions in flight hold it.
                notApplied.add("gssapi");
                effective = effective.withGssapi(current.get().context().config().gssapi());
            }
            if (!effective.admin().equals(current.get().context().config().admin())) {
                // The admin listener was bound at start, like the SOCKS listeners.
                notApplied.add("admin");
                effective = effective.withAdmin(current.get().context().config().admin());
            }
            if (!effective.controlSocket().equals(controlSocket)) {
                notApplied.add("control-socket");
                effective = effective.withControlSocket(controlSocket);
            }
            if (!runsOn(effective.eventLoops())) {
                // The loops were made at start; every session runs on them.
                notApplied.add("event-loops");
                effective = effective.withEventLoops(current.get().context().config().eventLoops());
            }
            if (effective.logFormat() != current.get().context().config().logFormat()) {
                // The log setup was chosen once at start (argyle serve), before the server existed.
                notApplied.add("log-format");
                effective = effective.withLogFormat(current.get().context().config().logFormat());
            }
            Generation next;
            List<TlsListener> tls = new ArrayList<>();
            try {
                next = build(effective, current.get());
                for (SocksChannelInitializer initializer : initializers) {
                    tls.add(initializer.readTlsAgain()); // certificates renewed in place; a bad one refuses the reload
                }
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
            current.set(next);
            for (int i = 0; i < initializers.size(); i++) {
                initializers.get(i).useTls(tls.get(i));
            }
            if (!notApplied.isEmpty()) {
                log.warn("reload: {} changed in the config; not applied while running, restart argyle to apply "
                        + "(still listening as before)", String.join(" and ", notApplied));
            }
            log.debug("reload: policy {} in force for new sessions; open sessions keep the one they started with",
                    next.number());
            return new ReloadOutcome(next.number(), notApplied);
        }
    }

    /**
     * Stops accepting, lets sessions drain for up to {@code grace}, then closes what is left and releases
     * every thread. Blocks until done; later calls return at once.
     */
    public void shutdown(Duration grace) {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        for (Channel ch : serverChannels) {
            ch.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        if (!channels.isEmpty() && !grace.isZero()) {
            log.info("draining {} open connection(s) for up to {}s", channels.size(), grace.toSeconds());
        }
        while (!channels.isEmpty() && System.nanoTime() < deadline) {
            waitForAnyClose(deadline);
        }
        if (!channels.isEmpty()) {
            log.info("closing {} connection(s) still open after the grace period", channels.size());
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        baseResolver.close();
        // Every generation's authenticator shares one pool: closing the current one closes it.
        Generation last = current.get();
        if (last != null && last.context().authenticator() != null) {
            last.context().authenticator().close();
        }
        if (gssapi != null) {
            gssapi.close();
        }
        if (admin != null) {
            admin.close();
        }
        terminated.countDown();
    }

    /** Waits until one of the open channels closes, or the deadline; bounded by both. */
    private void waitForAnyClose(long deadlineNanos) {
        CountDownLatch anyClosed = new CountDownLatch(1);
        int watched = 0;
        for (Channel ch : channels) {
            ch.closeFuture().addListener(f -> anyClosed.countDown());
            watched++;
        }
        if (watched == 0) {
            // The last channel closed between the caller's check and this loop: nothing left to wait for.
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        try {
            anyClosed.await(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until {@link #shutdown} has completed. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * Copy, then zero-copy splice for bulk directions on epoll. {@code -Dargyle.relay=copy} never splices,
     * {@code -Dargyle.relay=splice} splices from the first byte (for comparison, or where splice misbehaves).
     */
    private static TcpRelay relay(ServerConfig config, UserBandwidth users, LimitCounters counters) {
        Duration idle = config.timeouts().idle();
        Bandwidth bandwidth = new Bandwidth(config.limits().bandwidth(), users, counters);
        String mode = System.getProperty("argyle.relay", "auto");
        if ("copy".equalsIgnoreCase(mode)) {
            return TcpRelay.copying(idle, bandwidth);
        }
        return TcpRelay.splicing(idle, "splice".equalsIgnoreCase(mode) ? 0 : TcpRelay.DEFAULT_SPLICE_AFTER, bandwidth);
    }

    /** Outbound channels count their bytes; their other handlers come from the relay. */
    @ChannelHandler.Sharable
    private static final class OutboundSetup extends ChannelInboundHandlerAdapter {
        private final MemoryWatch memoryWatch;

        OutboundSetup(MemoryWatch memoryWatch) {
            this.memoryWatch = memoryWatch;
        }

        @Override
        public void handlerAdded(io.netty.channel.ChannelHandlerContext ctx) {
            ctx.pipeline().addFirst("memory", memoryWatch);
            ByteCounter.install(ctx.channel());
        }

        @Override
        public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
            // Connected (or accepted, for BIND): from now on the input may end at any time. Connected channels
            // have the guard from their factory already (then this costs nothing); BIND's accepted ones get it here.
            EpollRegistration.keepRegistered(ctx.channel());
            ctx.fireChannelActive();
        }
    }
}
