package dev.argyle.server.metrics;

import dev.argyle.server.resolve.Resolver;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Times each resolution of the resolver it wraps, by outcome. Thread-safe as the wrapped one. */
final class TimedResolver implements Resolver {
    private final Resolver delegate;
    private final Timer ok;
    private final Timer failed;

    TimedResolver(Resolver delegate, Timer ok, Timer failed) {
        this.delegate = delegate;
        this.ok = ok;
        this.failed = failed;
    }

    @Override
    public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
        long start = System.nanoTime();
        Future<List<InetAddress>> f = delegate.resolve(host, executor);
        f.addListener(done -> (done.isSuccess() ? ok : failed).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        return f;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
