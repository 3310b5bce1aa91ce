package dev.argyle.server.route;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.ClientHandshake;
import dev.argyle.protocol.handshake.HandshakeFailure;
import dev.argyle.protocol.handshake.HostText;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.handshake.Socks4Handshake;
import dev.argyle.protocol.handshake.Socks5Handshake;
import dev.argyle.server.overload.OnLoop;
import dev.argyle.server.resolve.Resolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One walk along one chain: resolve and dial hop 1 (within the hop timeout), then for hop i = 1..n run a
 * handshake asking hop i for CONNECT to hop i+1, or for the command on the last hop; each handshake within the
 * hop timeout. How an address travels to a hop follows the client library's rules: a socks5h or socks4a hop
 * gets names, a socks5 or socks4 hop gets addresses resolved here (socks4: IPv4 only). Confined to the client's
 * event loop; used once.
 */
final class ChainAttempt {
    private final Bootstrap template;
    private final Resolver resolver;
    private final Channel client;
    private final Route route;
    private final int index;
    private final List<ProxyUri> hops;
    private final Command command;
    private final SocksAddress destination;
    private final List<InetAddress> resolved;
    private final EventLoop loop;
    private final Promise<Upstream> promise;
    private final HopHandler driver = new HopHandler();
    private Channel channel;
    private final ChannelFutureListener abandon = f -> fail(null, ReplyCode.GENERAL_FAILURE, "the client went away",
            new ClosedChannelException());

    ChainAttempt(Bootstrap template, Resolver resolver, Channel client, Route route, int index, Command command,
                 SocksAddress destination, List<InetAddress> resolved) {
        this.template = template;
        this.resolver = resolver;
        this.client = client;
        this.route = route;
        this.index = index;
        this.hops = route.chains().get(index);
        this.command = command;
        this.destination = destination;
        this.resolved = resolved;
        this.loop = client.eventLoop();
        this.promise = loop.newPromise();
    }

    Future<Upstream> run() {
        client.closeFuture().addListener(abandon);
        promise.addListener(f -> client.closeFuture().removeListener(abandon));
        ProxyUri first = hops.get(0);
        InetAddress literal = HostText.literal(first.host());
        if (literal != null) {
            dial(new InetSocketAddress(literal, first.port()));
        } else {
            resolver.resolve(first.host(), loop).addListener(f -> {
                @SuppressWarnings("unchecked")
                List<InetAddress> all = f.isSuccess() ? (List<InetAddress>) f.getNow() : List.of();
                if (!all.isEmpty()) {
                    dial(new InetSocketAddress(all.get(0), first.port()));
                } else {
                    Throwable cause = f.isSuccess() ? new UnknownHostException(first.host()) : f.cause();
                    fail(1, ReplyCode.forFailure(cause), "cannot resolve the proxy's host name", cause);
                }
            });
        }
        return promise;
    }

    private void dial(InetSocketAddress address) {
        if (promise.isDone()) {
            return;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, route.hopConnectTimeout().toMillis());
        Bootstrap b = template.clone(loop).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
        b.connect(address).addListener(OnLoop.listener(loop, f -> {
            if (!f.isSuccess()) {
                fail(1, ReplyCode.forFailure(f.cause()), "cannot connect to the proxy: " + f.cause().getMessage(),
                        f.cause());
                return;
            }
            channel = f.channel();
            if (promise.isDone()) {
                channel.close();
                return;
            }
            channel.pipeline().addLast(HopHandler.NAME, driver);
            hop(1);
        }));
    }

    /** Runs hop {@code i}'s handshake (1-based). */
    private void hop(int i) {
        boolean last = i == hops.size();
        ProxyUri uri = hops.get(i - 1);
        Command c = last ? command : Command.CONNECT;
        SocksAddress target = last ? destination : hops.get(i).address();
        if (!uri.scheme().isSocks5() && c.equals(Command.UDP_ASSOCIATE)) {
            fail(i, ReplyCode.COMMAND_NOT_SUPPORTED, uri.scheme().text() + " has no UDP ASSOCIATE", null);
            return;
        }
        addressFor(i, uri, target, last, wire -> {
            ClientHandshake h = uri.scheme().isSocks5()
                    ? new Socks5Handshake(c, wire, uri.user(), uri.password())
                    : new Socks4Handshake(c, wire, uri.user());
            driver.start(h, route.hopConnectTimeout()).addListener(f -> {
                if (!f.isSuccess()) {
                    handshakeFailed(i, last, f.cause());
                } else if (last) {
                    dev.argyle.protocol.handshake.Step.Reply reply = (dev.argyle.protocol.handshake.Step.Reply) f.getNow();
                    if (promise.trySuccess(new Upstream(channel, reply.address(), route.label(index), hops, h, driver))) {
                        return;
                    }
                    channel.close();
                } else {
                    hop(i + 1);
                }
            });
        });
    }

    /** The form in which hop {@code i} gets {@code target}, by its type; resolves here when the hop wants addresses. */
    private void addressFor(int i, ProxyUri uri, SocksAddress target, boolean last, Consumer<SocksAddress> then) {
        SocksAddress t = target;
        if (t.isDomain()) {
            InetAddress literal = HostText.literal(t.host());
            if (literal != null) {
                t = SocksAddress.of(literal, t.port());
            }
        }
        boolean socks4 = !uri.scheme().isSocks5();
        if (!t.isDomain()) {
            if (socks4 && t.address() instanceof Inet6Address) {
                fail(i, ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, uri.scheme().text() + " cannot carry the IPv6 address "
                        + t, null);
                return;
            }
            then.accept(t);
            return;
        }
        if (uri.scheme().proxyResolves()) {
            then.accept(t);
            return;
        }
        int port = t.port();
        String host = t.host();
        if (last && resolved != null) {
            pick(i, uri, host, port, resolved, then);
            return;
        }
        resolver.resolve(host, loop).addListener(f -> {
            if (promise.isDone()) {
                return;
            }
            if (!f.isSuccess()) {
                fail(i, ReplyCode.forFailure(f.cause()), "cannot resolve " + host + " here (a " + uri.scheme().text()
                        + " hop gets addresses)", f.cause());
                return;
            }
            @SuppressWarnings("unchecked")
            List<InetAddress> all = (List<InetAddress>) f.getNow();
            pick(i, uri, host, port, all, then);
        });
    }

    private void pick(int i, ProxyUri uri, String host, int port, List<InetAddress> all, Consumer<SocksAddress> then) {
        for (InetAddress a : all) {
            if (uri.scheme().isSocks5() || a instanceof Inet4Address) {
                then.accept(SocksAddress.of(a, port));
                return;
            }
        }
        fail(i, ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, host + " has no address " + uri.scheme().text() + " can carry",
                new UnknownHostException(host));
    }

    private void handshakeFailed(int i, boolean last, Throwable cause) {
        if (cause instanceof HandshakeRefused refused) {
            HandshakeFailure f = refused.failure();
            ReplyCode code = switch (f.kind()) {
                case REPLY -> f.reply() != null ? f.reply() : ReplyCode.GENERAL_FAILURE;
                case NO_ACCEPTABLE_METHOD, AUTH_REJECTED, PROTOCOL -> ReplyCode.GENERAL_FAILURE;
            };
            fail(i, code, f.message() + (last ? "" : " (on the way to hop " + (i + 1) + ")"), null);
        } else if (cause instanceof SocketTimeoutException) {
            fail(i, ReplyCode.TTL_EXPIRED, cause.getMessage(), cause);
        } else {
            fail(i, ReplyCode.forFailure(cause) == ReplyCode.TTL_EXPIRED ? ReplyCode.TTL_EXPIRED
                    : ReplyCode.GENERAL_FAILURE, cause.getMessage(), cause);
        }
    }

    /** Ends the attempt; {@code hop} null for a failure that is no hop's. */
    private void fail(Integer hop, ReplyCode code, String what, Throwable cause) {
        if (promise.isDone()) {
            return;
        }
        if (channel != null) {
            channel.close();
        }
        String where = "route " + route.label(index) + (hop == null ? "" : String.format(Locale.ROOT,
                " hop %d/%d %s", hop, hops.size(), hops.get(hop - 1)));
        promise.tryFailure(new UpstreamFailure(code, where + ": " + what, cause));
    }
}
