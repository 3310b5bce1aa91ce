package dev.argyle.server;

import dev.argyle.server.resolve.Resolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves names from a table, so tests can use names that only the proxy can resolve (proving that a
 * client really passed the name on); names not in the table fail like NXDOMAIN. "hang.invalid" never
 * answers, to exercise the resolve timeout.
 */
public final class FakeResolver implements Resolver {
    public static final String HANGING = "hang.invalid";
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();

    public FakeResolver map(String name, InetAddress... addresses) {
        names.put(name, List.of(addresses));
        return this;
    }

    @Override
    public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
        if (HANGING.equals(host)) {
            return executor.newPromise();
        }
        List<InetAddress> found = names.get(host);
        if (found == null) {
            return executor.newFailedFuture(new UnknownHostException(host + ": not in the test table"));
        }
        return executor.newSucceededFuture(found);
    }
}
