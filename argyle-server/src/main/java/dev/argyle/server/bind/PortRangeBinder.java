package dev.argyle.server.bind;

import dev.argyle.server.config.BindConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Opens a listening socket on one address, on a port of the configured range: starts at a random port of the
 * range (so concurrent BINDs rarely collide) and walks up, wrapping around, past ports in use, one attempt at
 * a time on the session's event loop. A range with every port taken fails with {@link RangeExhausted} naming
 * it; any other bind error (the address is not local, ...) fails at once with that error, since another port
 * would not help. {@link BindConfig#anyPort()} is a single attempt on port 0.
 */
final class PortRangeBinder {
    private final ServerBootstrap bootstrap;
    private final InetAddress address;
    private final int min;
    private final int count;
    private final int start;
    private final BooleanSupplier wanted;
    private final Promise<Channel> result;

    /**
     * @param bootstrap a complete bootstrap (groups, channel type, handlers) on {@code loop}
     * @param wanted    checked before each attempt: false stops the walk (the client has gone)
     */
    private PortRangeBinder(ServerBootstrap bootstrap, InetAddress address, BindConfig config, EventLoop loop,
                            BooleanSupplier wanted) {
        this.bootstrap = bootstrap;
        this.address = address;
        this.min = config.anyPort() ? 0 : config.portMin();
        this.count = config.anyPort() ? 1 : config.portMax() - config.portMin() + 1;
        this.start = ThreadLocalRandom.current().nextInt(count);
        this.wanted = wanted;
        this.result = loop.newPromise();
    }

    /** The bound, listening channel; completes on {@code loop}. */
    static Future<Channel> bind(ServerBootstrap bootstrap, InetAddress address, BindConfig config, EventLoop loop,
                                BooleanSupplier wanted) {
        PortRangeBinder binder = new PortRangeBinder(bootstrap, address, config, loop, wanted);
        binder.attempt(0);
        return binder.result;
    }

    private void attempt(int tried) {
        if (!wanted.getAsBoolean()) {
            result.tryFailure(new java.nio.channels.ClosedChannelException());
            return;
        }
        int port = min == 0 ? 0 : min + (start + tried) % count;
        // A failed bind closes its channel (AbstractBootstrap adds CLOSE_ON_FAILURE).
        bootstrap.bind(new InetSocketAddress(address, port)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                result.trySuccess(f.channel());
            } else if (!inUse(f.cause())) {
                result.tryFailure(f.cause());
            } else if (tried + 1 < count) {
                attempt(tried + 1);
            } else {
                result.tryFailure(new RangeExhausted("no free port in " + range() + " on " + address.getHostAddress()));
            }
        });
    }

    private String range() {
        return min == 0 ? "the ephemeral range" : count == 1 ? "port " + min : min + "-" + (min + count - 1);
    }

    /** Every port of the range was in use. */
    static final class RangeExhausted extends BindException {
        RangeExhausted(String message) {
            super(message);
        }
    }

    /** EADDRINUSE, as the JDK ("Address already in use") and Netty's native transport both word it. */
    private static boolean inUse(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) { // a cause chain may be a cycle
            String m = c.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("already in use")) {
                return true;
            }
        }
        return false;
    }
}
