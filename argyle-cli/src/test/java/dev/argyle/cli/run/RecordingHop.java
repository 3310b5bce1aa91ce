package dev.argyle.cli.run;

import dev.argyle.server.ArgyleServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.resolve.SystemResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Argyle server on 127.0.0.1 that records each session's requested destination and each name it
 * was asked to resolve, and knows some extra names (a test's own, such as {@code web.argyle.test}, which only this
 * hop can resolve: a program that reached its target by that name went through this hop).
 */
public final class RecordingHop implements AutoCloseable, SessionListener, Resolver {
    private final Map<String, InetAddress> table;
    private final SystemResolver system = new SystemResolver(1);
    private final List<String> resolved = new CopyOnWriteArrayList<>();
    private final List<String> requested = new java.util.ArrayList<>();
    private final ArgyleServer server;

    public RecordingHop(Map<String, InetAddress> table) throws IOException {
        this.table = Map.copyOf(table);
        ListenerConfig listener = new ListenerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                AuthMode.NONE, false);
        this.server = ArgyleServer.start(ServerConfig.defaults().withListeners(List.of(listener)).withAccessLog(false),
                this, this);
    }

    public String uri(String scheme) {
        return scheme + "://127.0.0.1:" + server.boundAddresses().get(0).getPort();
    }

    /** Names this hop was asked to resolve, in order. */
    public List<String> resolved() {
        return List.copyOf(resolved);
    }

    /** Destinations of sessions ended so far ({@code host:port} as the client sent them). */
    public List<String> requested() {
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    /**
     * Destinations of sessions ended so far, after waiting (at most 10 s) for one to {@code destination}: a
     * session's end is reported a moment after the client saw its connection close.
     */
    public List<String> requestedIncluding(String destination) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (requested) {
            while (!requested.contains(destination) && System.nanoTime() < deadline) {
                requested.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        return requested();
    }

    @Override
    public void closed(Session s) {
        if (s.requested() != null) {
            synchronized (requested) {
                requested.add(s.requested().host() + ":" + s.requested().port());
                requested.notifyAll();
            }
        }
    }

    @Override
    public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
        resolved.add(host);
        InetAddress a = table.get(host);
        return a != null ? executor.newSucceededFuture(List.of(a)) : system.resolve(host, executor);
    }

    public void stop() {
        server.shutdown(Duration.ZERO);
    }

    @Override
    public void close() {
        stop();
        system.close();
    }
}
