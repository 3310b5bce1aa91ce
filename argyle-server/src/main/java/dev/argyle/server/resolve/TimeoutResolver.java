package dev.argyle.server.resolve;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bounds any resolver by a timeout: a name that has not resolved in time fails as an
 * {@link UnknownHostException} ("host unreachable", 0x04), whatever the resolver underneath is doing.
 */
public final class TimeoutResolver implements Resolver {
    private final Resolver delegate;
    private final long timeoutNanos;

    public TimeoutResolver(Resolver delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
        Future<List<InetAddress>> inner = delegate.resolve(host, executor);
        if (inner.isDone()) {
            return inner;
        }
        Promise<List<InetAddress>> result = executor.newPromise();
        ScheduledFuture<?> timer = executor.schedule(
                () -> result.tryFailure(new UnknownHostException(host + ": name resolution timed out")),
                timeoutNanos, TimeUnit.NANOSECONDS);
        inner.addListener(f -> {
            timer.cancel(false);
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> addresses = (List<InetAddress>) f.getNow();
                result.trySuccess(addresses);
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
