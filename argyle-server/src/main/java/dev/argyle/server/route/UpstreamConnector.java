package dev.argyle.server.route;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.server.resolve.Resolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections through a route's chains (gost's route walk, non-blocking): for each chain in order, dial
 * hop 1, ask each hop to CONNECT to the next, and ask the last for the client's command; the first chain that
 * works is used. When all fail, the failure reported is the last chain's. Thread-safe: each call works on the
 * client's event loop.
 */
public final class UpstreamConnector {
    /** Failover and chain failures, one line each (the access log names the route taken). */
    public static final String LOGGER = "argyle.route";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final Bootstrap template;
    private final Resolver resolver;

    /**
     * @param template CONNECT's outbound bootstrap (transport, options, setup handler); its connect timeout is
     *                 replaced by the route's hop timeout
     */
    public UpstreamConnector(Bootstrap template, Resolver resolver) {
        this.template = template;
        this.resolver = resolver;
    }

    /**
     * Asks the route's chains, in order, for {@code command} to {@code destination}.
     *
     * @param client      the SOCKS client's channel: its event loop is used, and its close abandons the attempt
     * @param destination DST for the last hop, sent as a name to socks5h and socks4a hops
     * @param resolved    the addresses a name resolved to here and the access rules passed, for a last hop that
     *                    takes addresses (socks5, socks4); null when the name was not resolved here
     * @return completes with the connection, or fails with an {@link UpstreamFailure}
     */
    public Future<Upstream> open(Channel client, Route route, Command command, SocksAddress destination,
                                 List<InetAddress> resolved) {
        Promise<Upstream> promise = client.eventLoop().newPromise();
        tryChain(client, route, 0, command, destination, resolved, promise);
        return promise;
    }

    private void tryChain(Channel client, Route route, int index, Command command, SocksAddress destination,
                          List<InetAddress> resolved, Promise<Upstream> promise) {
        ChainAttempt attempt = new ChainAttempt(template, resolver, client, route, index, command, destination, resolved);
        attempt.run().addListener(f -> {
            if (f.isSuccess()) {
                promise.trySuccess((Upstream) f.getNow());
                return;
            }
            boolean more = index + 1 < route.chains().size() && client.isActive();
            if (more) {
                log.info("route {}: chain {} of {} failed ({}); trying chain {}", route.name(), index + 1,
                        route.chains().size(), f.cause().getMessage(), index + 2);
                tryChain(client, route, index + 1, command, destination, resolved, promise);
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }

    /** The hops a route's chain {@code index} goes through, for messages (no passwords). */
    static String describe(List<ProxyUri> chain) {
        return String.join(" -> ", chain.stream().map(ProxyUri::toString).toList());
    }
}
