package dev.argyle.server.resolve;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves through the operating system ({@code getaddrinfo} via {@link InetAddress#getAllByName}), so
 * {@code /etc/hosts}, nsswitch and the system's resolver settings apply exactly as for other programs on
 * the host. The lookups block, so they run on a small bounded pool off the event loops. The timeout is the
 * caller's business ({@link TimeoutResolver}); a late answer is simply dropped.
 */
public final class SystemResolver implements Resolver {
    private final ThreadPoolExecutor pool;

    public SystemResolver(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                r -> {
                    Thread t = new Thread(r, "argyle-resolver-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
        Promise<List<InetAddress>> promise = executor.newPromise();
        try {
            pool.execute(() -> {
                if (promise.isDone()) {
                    return;
                }
                try {
                    promise.trySuccess(List.of(InetAddress.getAllByName(host)));
                } catch (UnknownHostException e) {
                    promise.tryFailure(e);
                } catch (RuntimeException e) {
                    promise.tryFailure(new UnknownHostException(host + ": " + e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryFailure(new UnknownHostException(host + ": resolver overloaded"));
        }
        return promise;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
