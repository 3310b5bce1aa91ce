package dev.argyle.server.resolve;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into the addresses to try, in order. Thread-safe. Failures are
 * {@link java.net.UnknownHostException}s (also for a timeout), which the reply map turns into 0x04.
 */
public interface Resolver {
    /**
     * Resolves {@code host}; the returned future completes on {@code executor} (the session's event loop), so
     * the caller can continue without further hand-off.
     */
    Future<List<InetAddress>> resolve(String host, EventExecutor executor);

    /** Releases threads the resolver owns. */
    default void close() {
    }
}
