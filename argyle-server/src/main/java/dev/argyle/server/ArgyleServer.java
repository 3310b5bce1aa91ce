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
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.limit.LimitCounters;
import dev.argyle.server.limit.SessionLimits;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.policy.RulePolicy;
import dev.argyle.server.relay.ByteCounter;
import dev.argyle.server.relay.EpollRegistration;
import dev.argyle.server.relay.TcpRelay;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.resolve.SystemResolver;
import dev.argyle.server.resolve.TimeoutResolver;
import dev.argyle.server.route.RoutedCommand;
import dev.argyle.server.route.Router;
import dev.argyle.server.route.UpstreamConnector;
import dev.argyle.server.udp.UdpAssociateCommand;
import dev.argyle.server.udp.UdpCounters;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running SOCKS server: its listeners share one set of event loops. Thread-safe. */
public final class ArgyleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArgyleServer.class);
    /** Relay buffers per direction: above the high mark the other side stops reading (back-pressure). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    /** One listening socket per event loop (epoll); {@code -Dargyle.reuseport=false} keeps a single one. */
    private static final boolean REUSE_PORT = !"false".equalsIgnoreCase(System.getProperty("argyle.reuseport"));

    private final ServerContext context;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<InetSocketAddress> bound = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private final UdpCounters udpCounters = new UdpCounters();
    /** The admin listener's parts (metrics, live sessions, HTTP), or null when it is off. */
    private Admin admin;

    private ArgyleServer(ServerContext context, EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        this.context = context;
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
        Transport transport = Transport.best();
        PasswordAuthenticator authenticator = null;
        if (config.listeners().stream().anyMatch(l -> l.auth() == AuthMode.PASSWORD)) {
            UsersFile users = UsersFile.load(config.usersFile());
            authenticator = new PasswordAuthenticator(users, new AuthThrottle(config.authThrottle(), Clock.systemUTC()),
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
        List<SessionListener> listeners = new ArrayList<>();
        if (config.accessLog()) {
            listeners.add(new AccessLog());
        }
        listeners.add(extra);
        Admin admin = config.admin().enabled() ? new Admin(config.admin()) : null;
        if (admin != null) {
            listeners.add(admin.sessionListener());
        }
        ChannelGroup channels = new DefaultChannelGroup("argyle", GlobalEventExecutor.INSTANCE);
        Resolver bounded = new TimeoutResolver(resolver, config.timeouts().resolve());
        if (admin != null) {
            bounded = admin.timed(bounded);
        }
        ServerContext context = new ServerContext(config, transport, bounded, authenticator,
                SessionListener.of(listeners), relay(config), channels,
                new RulePolicy(config.rules(), config.listeners().stream().map(ListenerConfig::address).toList()),
                new SessionLimits(config.limits(), new LimitCounters()));
        EventLoopGroup boss = transport.newGroup(1, new DefaultThreadFactory("argyle-accept", true));
        EventLoopGroup workers = transport.newGroup(0, new DefaultThreadFactory("argyle-io", true));
        ArgyleServer server = new ArgyleServer(context, boss, workers);
        server.admin = admin;
        try {
            server.bindAll();
            if (admin != null) {
                admin.start(transport, server.udpCounters, context.limits().counters(), server::ready);
                log.info("argyle admin listening on {}", hostPort(admin.address()));
            }
        } catch (IOException | RuntimeException e) {
            server.shutdown(Duration.ZERO);
            throw e;
        }
        log.info("argyle started: transport {}, {} listener(s)", transport.name().toLowerCase(), server.bound.size());
        return server;
    }

    private void bindAll() throws IOException {
        OutboundAddresses outbound = new OutboundAddresses(OutboundAddresses.DEFAULT_CAPACITY);
        Map<Command, SocksCommand> direct = Map.of(
                Command.CONNECT, new ConnectCommand(outboundTemplate(), context.resolver(), outbound::remember),
                Command.BIND, new BindCommand(context.config().bind(), context.transport().serverChannel(),
                        outboundTemplate(), context.resolver(), outbound),
                Command.UDP_ASSOCIATE, new UdpAssociateCommand(context.transport(), context.config().udp(),
                        context.resolver(), udpCounters));
        CommandRegistry commands = new CommandRegistry(routed(direct));
        for (ListenerConfig listener : context.config().listeners()) {
            SocksChannelInitializer initializer = new SocksChannelInitializer(context, listener, commands);
            Channel first = bind(listener.address(), bossGroup, workerGroup, initializer);
            InetSocketAddress actual = (InetSocketAddress) first.localAddress();
            bound.add(actual);
            context.policy().listening(actual);
            serverChannels.add(first);
            if (first.config().getOption(EpollChannelOption.SO_REUSEPORT) == Boolean.TRUE) {
                // One more listening socket per event loop on the same port: the kernel spreads connections
                // across them and each is accepted by the loop that then serves it, with no hand-off.
                for (EventExecutor loop : workerGroup) {
                    if (loop != first.eventLoop()) {
                        EventLoop l = (EventLoop) loop;
                        serverChannels.add(bind(actual, l, l, initializer));
                    }
                }
            }
        }
    }

    /** Each command asks the router first (with no routes configured, everything is direct at once). */
    private Map<Command, SocksCommand> routed(Map<Command, SocksCommand> direct) {
        Router router = new Router(context.config().routes());
        UpstreamConnector connector = new UpstreamConnector(outboundTemplate(), context.resolver());
        Map<Command, SocksCommand> out = new HashMap<>();
        direct.forEach((code, command) -> out.put(code, new RoutedCommand(code, command, router, connector,
                context.resolver(), context.config().bind().acceptTimeout())));
        return out;
    }

    private Channel bind(InetSocketAddress address, EventLoopGroup acceptGroup, EventLoopGroup childGroup,
                         SocksChannelInitializer initializer) throws IOException {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, childGroup)
                .channel(context.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer);
        if (context.transport() == Transport.EPOLL && REUSE_PORT) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
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

    private Bootstrap outboundTemplate() {
        Duration connectTimeout = context.config().timeouts().connect();
        return new Bootstrap()
                .channel(context.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(OutboundSetup.INSTANCE);
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
        return context.limits().counters();
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
        return context.channels().size();
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
        if (!context.channels().isEmpty() && !grace.isZero()) {
            log.info("draining {} open connection(s) for up to {}s", context.channels().size(), grace.toSeconds());
        }
        while (!context.channels().isEmpty() && System.nanoTime() < deadline) {
            waitForAnyClose(deadline);
        }
        if (!context.channels().isEmpty()) {
            log.info("closing {} connection(s) still open after the grace period", context.channels().size());
        }
        context.channels().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        context.resolver().close();
        if (admin != null) {
            admin.close();
        }
        if (context.authenticator() != null) {
            context.authenticator().close();
        }
        terminated.countDown();
    }

    /** Waits until one of the open channels closes, or the deadline; bounded by both. */
    private void waitForAnyClose(long deadlineNanos) {
        CountDownLatch anyClosed = new CountDownLatch(1);
        int watched = 0;
        for (Channel ch : context.channels()) {
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
    private static TcpRelay relay(ServerConfig config) {
        Duration idle = config.timeouts().idle();
        String mode = System.getProperty("argyle.relay", "auto");
        if ("copy".equalsIgnoreCase(mode)) {
            return TcpRelay.copying(idle);
        }
        return TcpRelay.splicing(idle, "splice".equalsIgnoreCase(mode) ? 0 : TcpRelay.DEFAULT_SPLICE_AFTER);
    }

    /** Outbound channels count their bytes; their other handlers come from the relay. */
    @ChannelHandler.Sharable
    private static final class OutboundSetup extends ChannelInboundHandlerAdapter {
        static final OutboundSetup INSTANCE = new OutboundSetup();

        @Override
        public void handlerAdded(io.netty.channel.ChannelHandlerContext ctx) {
            ByteCounter.install(ctx.channel());
        }

        @Override
        public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
            // Connected (or accepted, for BIND): from now on the input may end at any time.
            EpollRegistration.keepRegistered(ctx.channel());
            ctx.fireChannelActive();
        }
    }
}
