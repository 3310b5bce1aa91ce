package dev.argyle.client;

import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.resolve.SystemResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A server-side resolver that knows some extra names (so a test can use a name only one proxy can resolve,
 * proving the client passed it on) and asks the system for the rest.
 */
final class TableResolver implements Resolver {
    private final Map<String, InetAddress> table;
    private final SystemResolver system = new SystemResolver(1);

    TableResolver(Map<String, InetAddress> table) {
        this.table = Map.copyOf(table);
    }

    @Override
    public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
        InetAddress a = table.get(host);
        return a != null ? executor.newSucceededFuture(List.of(a)) : system.resolve(host, executor);
    }

    @Override
    public void close() {
        system.close();
    }
}
