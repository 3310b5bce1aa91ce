package dev.argyle.server.command;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.observe.Session;
import dev.argyle.server.overload.OnLoop;
import dev.argyle.server.policy.Permitted;
import dev.argyle.server.resolve.Resolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * CONNECT (RFC 1928 section 4; SOCKS4 CD=1): resolve the destination if it is a name, then try each
 * address in the resolver's order until one connects, each attempt bounded by the connect timeout. The
 * failure reported is the last attempt's, so "refused" on every address gives 0x05, a timeout 0x06.
 * A name's addresses are checked against the request rules first: blocked ones are never tried, and when
 * all are blocked the reply is 0x02 (an address literal was checked before the command ran).
 */
public final class ConnectCommand implements SocksCommand {
    private final Bootstrap template;
    private final Bootstrap ipv4Template;
    private final Resolver resolver;
    private final BiConsumer<InetAddress, InetSocketAddress> connectedFrom;

    /**
     * @param template      a bootstrap with channel type, handler and options set (connect timeout, auto-read
     *                      off, half-closure); it is cloned onto each session's event loop
     * @param connectedFrom told (client IP, outbound local address) after each successful connect; BIND
     *                      listens on that address. Called on the event loop: must be quick and thread-safe
     */
    public ConnectCommand(Bootstrap template, Bootstrap ipv4Template, Resolver resolver,
                          BiConsumer<InetAddress, InetSocketAddress> connectedFrom) {
        this.template = template;
        this.ipv4Template = ipv4Template;
        this.resolver = resolver;
        this.connectedFrom = connectedFrom;
    }

    @Override
    public boolean socks4() {
        return true;
    }

    @Override
    public void execute(CommandContext context, SocksAddress destination) {
        Channel client = context.client();
        Session session = context.session();
        CommandOutcome outcome = new CommandOutcome(context);
        if (!destination.isDomain()) {
            connect(client, session, List.of(destination.address()), destination.port(), 0, null, outcome);
            return;
        }
        // Clients such as curl --socks4a send IP literals as names; treat them as the addresses they are,
        // so no lookup happens and later address rules see the real destination.
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(destination.host());
        if (literal != null) {
            InetAddress address = addressOf(literal);
            connect(client, session, List.of(address), destination.port(), 0, null, outcome);
            return;
        }
        resolver.resolve(destination.host(), client.eventLoop()).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = (List<InetAddress>) f.getNow();
                Permitted permitted = Permitted.filter(addresses, a -> context.authorize(destination, a));
                if (permitted.blocked()) {
                    if (context.isOpen()) {
                        context.failed(ReplyCode.NOT_ALLOWED, permitted.refusal().reason());
                    }
                    return;
                }
                connect(client, session, permitted.allowed(), destination.port(), 0, null, outcome);
            } else {
                outcome.failed(f.cause());
            }
        });
    }

    private void connect(Channel client, Session session, List<InetAddress> addresses, int port, int index,
                         Throwable lastFailure, CommandOutcome outcome) {
        if (!client.isActive()) {
            outcome.failed(new java.nio.channels.ClosedChannelException());
            return;
        }
        if (index >= addresses.size()) {
            outcome.failed(lastFailure != null ? lastFailure : new NoRouteToHostException("no address"));
            return;
        }
        InetAddress address = addresses.get(index);
        InetSocketAddress remote = new InetSocketAddress(address, port);
        if (address.isAnyLocalAddress()) {
            // 0.0.0.0 and :: are not hosts; Linux would quietly connect them to this machine.
            connect(client, session, addresses, port, index + 1,
                    new NoRouteToHostException("unspecified address " + address.getHostAddress()), outcome);
            return;
        }
        Bootstrap dialer = address instanceof Inet4Address ? ipv4Template : template;
        ChannelFuture attempt = dialer.clone(client.eventLoop()).connect(remote);
        // If the client goes away while we dial, drop the attempt rather than finish a connection nobody needs.
        ChannelFutureListener abandon = f -> {
            if (attempt.channel().isRegistered()) {
                attempt.channel().close();
            }
        };
        client.closeFuture().addListener(abandon);
        attempt.addListener(OnLoop.listener(client.eventLoop(), f -> {
            client.closeFuture().removeListener(abandon);
            if (f.isSuccess()) {
                session.resolved(remote);
                connectedFrom.accept(session.client().getAddress(), (InetSocketAddress) f.channel().localAddress());
                outcome.connected(f.channel());
            } else {
                connect(client, session, addresses, port, index + 1, f.cause(), outcome);
            }
        }));
    }

    private static InetAddress addressOf(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** Success replies with the outbound socket's address and relays; failure replies with the mapped code. */
    private record CommandOutcome(CommandContext context) {
        void connected(Channel target) {
            if (!context.isOpen()) {
                target.close();
                return;
            }
            context.track(target);
            context.succeeded((InetSocketAddress) target.localAddress());
            context.relay(target);
        }

        void failed(Throwable cause) {
            if (context.isOpen()) {
                context.failed(cause);
            }
        }
    }
}
