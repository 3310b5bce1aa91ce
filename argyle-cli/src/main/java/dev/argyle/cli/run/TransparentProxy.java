package dev.argyle.cli.run;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.server.Transport;
import dev.argyle.server.observe.Session;
import dev.argyle.server.relay.ByteCounter;
import dev.argyle.server.relay.EpollRegistration;
import dev.argyle.server.relay.TcpRelay;
import dev.argyle.server.resolve.SystemResolver;
import dev.argyle.server.route.Route;
import dev.argyle.server.route.Upstream;
import dev.argyle.server.route.UpstreamConnector;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener that TPROXY hands the program's TCP connections to. With IP_TRANSPARENT the kernel gives this
 * socket connections addressed to any destination, and each accepted connection's local address IS the
 * destination the program asked for, so no native call (SO_ORIGINAL_DST) is needed. Each connection is opened
 * through the chain as a CONNECT (a placeholder address becomes its name, ATYP 3) by the server's non-blocking
 * chain walk, then relayed with half-close. A chain failure resets the program's connection.
 */
final class TransparentProxy implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(TransparentProxy.class);
    private static final Duration IDLE = Duration.ofHours(2);

    private final EventLoopGroup group;
    private final SystemResolver resolver = new SystemResolver(2);
    private final Channel server;
    private final UpstreamConnector connector;
    private final Route route;
    private final Placeholders placeholders;
    private final TcpRelay relay = TcpRelay.copying(IDLE);
    private final InetSocketAddress dnsAddress;
    private final java.net.InetAddress programAddress;

    /**
     * @param dnsAddress     the namespace's resolver: TCP connections to it are answered here (DNS over TCP)
     * @param programAddress the namespace's end of the veth: the only accepted source
     */
    TransparentProxy(InetSocketAddress bind, List<ProxyUri> chain, Duration hopTimeout, Placeholders placeholders,
                     InetSocketAddress dnsAddress, java.net.InetAddress programAddress) throws IOException {
        this.dnsAddress = dnsAddress;
        this.programAddress = programAddress;
        if (!Epoll.isAvailable()) {
            throw new IOException("the native epoll transport is not available (IP_TRANSPARENT needs it): "
                    + Epoll.unavailabilityCause());
        }
        this.placeholders = placeholders;
        this.route = new Route("run", List.of(), List.of(chain), hopTimeout);
        this.group = Transport.EPOLL.newGroup(2, new DefaultThreadFactory("argyle-run", true));
        Bootstrap outbound = new Bootstrap()
                .channel(Transport.EPOLL.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) hopTimeout.toMillis())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(RelayReady.INSTANCE);
        this.connector = new UpstreamConnector(outbound, resolver);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transport.EPOLL.serverChannel())
                .option(EpollChannelOption.IP_TRANSPARENT, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new Accepted());
        try {
            this.server = b.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            close();
            throw new IOException("cannot listen transparently on " + bind + ": " + e.getMessage(), e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Where the program meant to go: the placeholder's name, or the address itself; empty for an unknown placeholder. */
    Optional<SocksAddress> destination(InetSocketAddress original) {
        if (Placeholders.inRange(original.getAddress())) {
            return placeholders.nameFor(original.getAddress()).map(n -> SocksAddress.domain(n, original.getPort()));
        }
        return Optional.of(SocksAddress.of(original));
    }

    private void open(Channel client) {
        InetSocketAddress original = (InetSocketAddress) client.localAddress();
        InetSocketAddress from = (InetSocketAddress) client.remoteAddress();
        if (!from.getAddress().equals(programAddress)) {
            // Not TPROXY'd from the namespace: someone in the root namespace dialled the listener itself.
            log.warn("run: refused a connection from {}: only the program's namespace may use this listener", from);
            reset(client);
            return;
        }
        if (original.equals(dnsAddress)) {
            client.pipeline().addLast(TcpDnsHandler.framer(), new TcpDnsHandler(placeholders));
            client.config().setAutoRead(true);
            return;
        }
        if (original.getAddress().equals(dnsAddress.getAddress())) {
            // The host side of the veth: through the chain it would reach our own listeners again (a loop).
            log.warn("run: refused a connection to {}: the namespace's gateway is not a destination", original);
            reset(client);
            return;
        }
        Optional<SocksAddress> dst = destination(original);
        if (dst.isEmpty()) {
            log.warn("run: refused a connection to {}: a placeholder address no name was given", original);
            reset(client);
            return;
        }
        Session session = new Session(original, (InetSocketAddress) client.remoteAddress());
        connector.open(client, route, Command.CONNECT, dst.get(), null).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("run: {} through the chain failed: {}", dst.get(), f.cause().getMessage());
                reset(client);
                return;
            }
            Upstream up = (Upstream) f.getNow();
            if (!client.isActive()) {
                up.channel().close();
                return;
            }
            log.debug("run: {} connected via {}", dst.get(), up.label());
            relay.start(client, up.channel(), session, () -> log.debug("run: {} closed", dst.get()));
            up.release();
        });
    }

    /** Closes with RST, so the program sees "connection reset" at once rather than an orderly empty reply. */
    private static void reset(Channel ch) {
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        resolver.close();
    }

    /** Accepted connections: counted, kept registered for half-close, then opened through the chain. */
    @ChannelHandler.Sharable
    private final class Accepted extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ByteCounter.install(ctx.channel());
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            EpollRegistration.keepRegistered(ctx.channel());
            ctx.pipeline().remove(this);
            open(ctx.channel());
        }
    }

    /** The outbound side's setup, as the server's: byte counting and the half-close guard. */
    @ChannelHandler.Sharable
    private static final class RelayReady extends ChannelInboundHandlerAdapter {
        static final RelayReady INSTANCE = new RelayReady();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ByteCounter.install(ctx.channel());
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            EpollRegistration.keepRegistered(ctx.channel());
            ctx.fireChannelActive();
        }
    }
}
