package dev.argyle.server.bind;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.command.SocksCommand;
import dev.argyle.server.config.BindConfig;
import dev.argyle.server.policy.Permitted;
import dev.argyle.server.resolve.Resolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * BIND (RFC 1928 section 4 CMD=2; SOCKS4 CD=2): listens on the address this server uses toward the outside,
 * replies with it, accepts one connection from the peer DST.ADDR names, replies with the peer's address and
 * relays like CONNECT.
 *
 * <p>The listening address is the first of these whose family an allowed peer shares: the local address of
 * the client's latest outbound CONNECT ({@link OutboundAddresses}), {@code bind.external-address}; else the
 * address the client's control connection arrived on. The listener and the accepted connection live on the
 * client's event loop, and the accepted connection is configured like CONNECT's outbound ones (same options
 * and setup handler), because the relay treats both the same.
 */
public final class BindCommand implements SocksCommand {
    /** Pending connections per listener: a BIND wants one, intruders are closed as they come. */
    private static final int BACKLOG = 16;

    private final BindConfig config;
    private final ServerBootstrap base;
    private final ChannelHandler setup;
    private final Resolver resolver;
    private final OutboundAddresses outbound;

    /**
     * @param channelType      the server's transport's listening channel class
     * @param outboundTemplate CONNECT's bootstrap: its options and handler are given to accepted connections
     *                         (auto-read off and half-closure on are enforced regardless)
     */
    public BindCommand(BindConfig config, Class<? extends ServerChannel> channelType, Bootstrap outboundTemplate,
                       Resolver resolver, OutboundAddresses outbound) {
        this.config = Objects.requireNonNull(config, "config");
        this.resolver = resolver;
        this.outbound = outbound;
        this.setup = outboundTemplate.config().handler();
        ServerBootstrap b = new ServerBootstrap()
                .channel(channelType)
                // A port whose earlier BIND connection is in TIME_WAIT can listen again at once.
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, BACKLOG);
        outboundTemplate.config().options().forEach((option, value) -> childOption(b, option, value));
        this.base = b.childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    @Override
    public boolean socks4() {
        return true;
    }

    @Override
    public void execute(CommandContext context, SocksAddress destination) {
        InetAddress literal = destination.isDomain() ? literal(destination.host()) : destination.address();
        if (literal != null && literal.isAnyLocalAddress()) {
            if (!config.allowAnyPeer()) {
                context.failed(ReplyCode.NOT_ALLOWED, "bind: a request naming " + literal.getHostAddress()
                        + " would accept any peer, and bind.allow-any-peer is false");
                return;
            }
            listen(context, AllowedPeers.anyPeer());
        } else if (literal != null) {
            listen(context, AllowedPeers.of(List.of(literal)));
        } else {
            resolver.resolve(destination.host(), context.client().eventLoop()).addListener(f -> {
                if (!context.isOpen()) {
                    return;
                }
                if (f.isSuccess()) {
                    @SuppressWarnings("unchecked")
                    List<InetAddress> addresses = (List<InetAddress>) f.getNow();
                    Permitted permitted = Permitted.filter(addresses, a -> context.authorize(destination, a));
                    if (permitted.blocked()) {
                        context.failed(ReplyCode.NOT_ALLOWED, "bind: " + permitted.refusal().reason());
                        return;
                    }
                    listen(context, AllowedPeers.of(permitted.allowed()));
                } else {
                    context.failed(ReplyCode.forFailure(f.cause()),
                            "bind: peer " + destination.host() + " does not resolve: " + f.cause().getMessage());
                }
            });
        }
    }

    private void listen(CommandContext context, AllowedPeers peers) {
        Channel client = context.client();
        EventLoop loop = client.eventLoop();
        InetAddress address = listenAddress(context, peers);
        PendingBind pending = new PendingBind(context, peers, config.acceptTimeout());
        ServerBootstrap b = base.clone().group(loop, loop).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (setup != null) {
                    ch.pipeline().addLast(setup);
                }
                pending.offered(ch);
            }
        });
        PortRangeBinder.bind(b, address, config, loop, context::isOpen).addListener(f -> {
            if (f.isSuccess()) {
                pending.listening((Channel) f.getNow());
            } else if (f.cause() instanceof PortRangeBinder.RangeExhausted full) {
                context.failed(ReplyCode.GENERAL_FAILURE, "bind: " + full.getMessage());
            } else {
                context.failed(ReplyCode.GENERAL_FAILURE, "bind: cannot listen on " + address.getHostAddress()
                        + ": " + f.cause().getMessage());
            }
        });
    }

    /** The address to listen on; see the class comment. */
    private InetAddress listenAddress(CommandContext context, AllowedPeers peers) {
        InetAddress clientIp = context.session().client().getAddress();
        for (InetAddress candidate : new InetAddress[] {outbound.lookup(clientIp), config.externalAddress()}) {
            if (candidate != null && peers.sameFamilyAs(candidate)) {
                return candidate;
            }
        }
        // The control connection's own local address: concrete even when the listener is on a wildcard.
        return ((InetSocketAddress) context.client().localAddress()).getAddress();
    }

    /** An IP literal sent as a name (SOCKS4a and ATYP 3 clients do that), or null for a real name. */
    private static InetAddress literal(String host) {
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(host);
        if (raw == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void childOption(ServerBootstrap b, ChannelOption<T> option, Object value) {
        b.childOption(option, (T) value);
    }
}
