package dev.argyle.server.route;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.HostText;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.handshake.Step;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.command.SocksCommand;
import dev.argyle.server.policy.Permitted;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.udp.UdpAssociateCommand;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A command as routed: asks the {@link Router}, runs the ordinary command for {@code direct}, and for
 * {@code via} opens the connection through the route's chains. CONNECT and BIND go through a chain (the last
 * hop connects, or listens and reports its peer); UDP ASSOCIATE goes through one-hop SOCKS5 chains only (the
 * hop's relay gets our datagrams; longer chains and SOCKS4 hops are refused with 0x01). Shared by all
 * sessions; thread-safe.
 *
 * <p>The access rules were checked before this runs, on the request as received. A name is resolved here
 * only when a chain's last hop takes addresses (socks5, socks4); each address is then checked as for a direct
 * CONNECT. A name that a socks5h or socks4a hop resolves is never resolved here, so rules about addresses
 * cannot apply to it.
 */
public final class RoutedCommand implements SocksCommand {
    private final Command code;
    private final SocksCommand direct;
    private final Router router;
    private final UpstreamConnector connector;
    private final Resolver resolver;
    private final Duration acceptTimeout;

    /** @param acceptTimeout how long BIND waits for its peer (the last hop's second reply) */
    public RoutedCommand(Command code, SocksCommand direct, Router router, UpstreamConnector connector,
                         Resolver resolver, Duration acceptTimeout) {
        this.code = code;
        this.direct = direct;
        this.router = router;
        this.connector = connector;
        this.resolver = resolver;
        this.acceptTimeout = acceptTimeout;
    }

    @Override
    public boolean socks4() {
        return direct.socks4();
    }

    @Override
    public void execute(CommandContext context, SocksAddress destination) {
        boolean udp = code.equals(Command.UDP_ASSOCIATE);
        Route route = router.route(context.session(), code, udp ? null : destination);
        context.session().route(route.name());
        if (route.isDirect()) {
            direct.execute(context, destination);
        } else if (udp) {
            associate(context, route, destination);
        } else if (!destination.isDomain() || HostText.literal(destination.host()) != null
                || route.chains().stream().allMatch(c -> c.get(c.size() - 1).scheme().proxyResolves())) {
            open(context, route, destination, null);
        } else {
            resolveHere(context, route, destination);
        }
    }

    /**
     * UDP ASSOCIATE through the route: the hop is asked for UDP ASSOCIATE (DST 0.0.0.0:0, it learns our
     * source from the first datagram), its TCP connection becomes the upstream control connection, and our
     * association sends datagrams to its relay. Only chains of one SOCKS5 hop: a hop further along is reached
     * over TCP only, which datagrams cannot follow.
     */
    private void associate(CommandContext context, Route route, SocksAddress requested) {
        List<List<ProxyUri>> chains = route.chains();
        for (int i = 0; i < chains.size(); i++) {
            List<ProxyUri> chain = chains.get(i);
            String which = chains.size() == 1 ? "" : " (chain " + (i + 1) + " of " + chains.size() + ")";
            if (chain.size() != 1) {
                context.failed(ReplyCode.GENERAL_FAILURE, "route " + route.name() + which + ": UDP ASSOCIATE "
                        + "through a chain of " + chain.size() + " hops is not supported: datagrams cannot follow "
                        + "the TCP chain, so only chains of one SOCKS5 hop carry UDP (see docs/chains.md)");
                return;
            }
            if (!chain.get(0).scheme().isSocks5()) {
                context.failed(ReplyCode.GENERAL_FAILURE, "route " + route.name() + which + ": UDP ASSOCIATE "
                        + "through " + chain.get(0) + " is not supported: " + chain.get(0).scheme().text()
                        + " has no UDP ASSOCIATE (see docs/chains.md)");
                return;
            }
        }
        if (!(direct instanceof UdpAssociateCommand udp)) {
            context.failed(ReplyCode.GENERAL_FAILURE, "route " + route.name() + ": UDP ASSOCIATE is not available");
            return;
        }
        whenUp(context, connector.open(context.client(), route, code, SocksAddress.unspecifiedIpv4(), null), up -> {
            up.release(); // the upstream has nothing more to say on it; the association watches its end
            InetSocketAddress relay = inet(up.reply(), ((InetSocketAddress) up.channel().remoteAddress()).getAddress());
            udp.executeVia(context, requested, up.channel(), relay, up.label());
        });
    }

    /**
     * Runs {@code next} once the chain is up and the client still waits: the route is recorded and the upstream
     * channel tracked. A failure becomes the client's reply (an upstream's own code where it gave one); a chain
     * that comes up after the client left is closed.
     */
    private static void whenUp(CommandContext context, Future<Upstream> opening, Consumer<Upstream> next) {
        opening.addListener(f -> {
            if (!f.isSuccess()) {
                if (context.isOpen()) {
                    Throwable cause = f.cause();
                    if (cause instanceof UpstreamFailure uf) {
                        context.failed(uf.code(), uf.getMessage());
                    } else {
                        context.failed(cause);
                    }
                }
                return;
            }
            Upstream up = (Upstream) f.getNow();
            if (!context.isOpen()) {
                up.channel().close();
                return;
            }
            context.session().route(up.label());
            context.track(up.channel());
            next.accept(up);
        });
    }

    /** A last hop takes addresses: resolve here, keep what the rules pass (as a direct CONNECT would). */
    private void resolveHere(CommandContext context, Route route, SocksAddress destination) {
        resolver.resolve(destination.host(), context.client().eventLoop()).addListener(f -> {
            if (!context.isOpen()) {
                return;
            }
            if (!f.isSuccess()) {
                context.failed(f.cause());
                return;
            }
            @SuppressWarnings("unchecked")
            List<InetAddress> all = (List<InetAddress>) f.getNow();
            Permitted permitted = Permitted.filter(all, a -> context.authorize(destination, a));
            if (permitted.blocked()) {
                context.failed(ReplyCode.NOT_ALLOWED, permitted.refusal().reason());
                return;
            }
            open(context, route, destination, permitted.allowed());
        });
    }

    private void open(CommandContext context, Route route, SocksAddress destination, List<InetAddress> resolved) {
        whenUp(context, connector.open(context.client(), route, code, destination, resolved), up -> {
            if (code.equals(Command.BIND)) {
                bound(context, up);
            } else {
                context.succeeded((InetSocketAddress) up.channel().localAddress());
                relay(context, up);
            }
        });
    }

    /** BIND: our first reply is the last hop's listening address, the second its peer's; then relay. */
    private void bound(CommandContext context, Upstream up) {
        Channel client = context.client();
        ChannelFutureListener abandon = f -> up.channel().close();
        client.closeFuture().addListener(abandon);
        context.succeeded(listening(up));
        up.nextReply(acceptTimeout).addListener(f -> {
            client.closeFuture().removeListener(abandon);
            if (!context.isOpen()) {
                up.channel().close();
                return;
            }
            if (!f.isSuccess()) {
                up.channel().close();
                context.failed(f.cause() instanceof HandshakeRefused r ? ReplyCode.GENERAL_FAILURE
                        : ReplyCode.forFailure(f.cause()), "route " + up.label() + ": BIND through the chain failed: "
                        + f.cause().getMessage());
                return;
            }
            InetSocketAddress peer = inet(((Step.Reply) f.getNow()).address(), null);
            context.session().resolved(peer);
            context.succeeded(peer);
            relay(context, up);
        });
    }

    /** The last hop's BND; an unspecified address (0.0.0.0) becomes the last hop's own address when known. */
    private static InetSocketAddress listening(Upstream up) {
        List<ProxyUri> chain = up.chain();
        ProxyUri last = chain.get(chain.size() - 1);
        InetAddress hopAddress = chain.size() == 1
                ? ((InetSocketAddress) up.channel().remoteAddress()).getAddress() : HostText.literal(last.host());
        return inet(up.reply(), hopAddress);
    }

    private static InetSocketAddress inet(SocksAddress a, InetAddress instead) {
        InetAddress address = a.isDomain() ? HostText.literal(a.host()) : a.address();
        if ((address == null || address.isAnyLocalAddress()) && instead != null) {
            address = instead;
        }
        if (address == null) {
            address = anyV4();
        }
        return new InetSocketAddress(address, a.port());
    }

    private static InetAddress anyV4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void relay(CommandContext context, Upstream up) {
        context.relay(up.channel());
        long carried = up.release(); // after the relay's handler is in place behind it
        context.session().addDown(carried);
    }
}
