package dev.argyle.client;

import dev.argyle.server.ArgyleServer;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.resolve.SystemResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real Argyle servers on ephemeral loopback ports for one test, each counting its sessions so a test can
 * prove that its traffic crossed every hop. Close to stop them all (no grace period).
 */
final class Proxies implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "correct horse";

    /** One running server. */
    static final class Proxy {
        final ArgyleServer server;
        final Sessions sessions;

        Proxy(ArgyleServer server, Sessions sessions) {
            this.server = server;
            this.sessions = sessions;
        }

        int port() {
            return server.boundAddresses().get(0).getPort();
        }

        InetSocketAddress address() {
            return server.boundAddresses().get(0);
        }

        /** This proxy as a hop: {@code scheme://127.0.0.1:port}. */
        String uri(String scheme) {
            return scheme + "://127.0.0.1:" + port();
        }

        /** This proxy as a hop with credentials. */
        String uri(String scheme, String user, String password) {
            return scheme + "://" + user + ":" + password.replace(" ", "%20") + "@127.0.0.1:" + port();
        }
    }

    /** Counts sessions opened and records those closed. */
    static final class Sessions implements SessionListener {
        final AtomicInteger opened = new AtomicInteger();
        final BlockingQueue<Session> closed = new LinkedBlockingQueue<>();

        @Override
        public void opened(Session s) {
            opened.incrementAndGet();
        }

        @Override
        public void closed(Session s) {
            closed.add(s);
        }

        Session next() throws InterruptedException {
            Session s = closed.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("no session ended within 10 s");
            }
            return s;
        }
    }

    private final List<Proxy> running = new ArrayList<>();
    private final Path dir;

    /** @param dir where users files go (a {@code @TempDir}) */
    Proxies(Path dir) {
        this.dir = dir;
    }

    /** A server without authentication. */
    Proxy open() throws IOException {
        return start(config(AuthMode.NONE, null));
    }

    /** A server that wants {@link #USER} / {@link #PASSWORD}. */
    Proxy withPassword() throws IOException {
        Path users = dir.resolve("users-" + running.size());
        UsersFile.setPassword(users, USER, PASSWORD.toCharArray());
        return start(config(AuthMode.PASSWORD, users));
    }

    Proxy start(ServerConfig config) throws IOException {
        return start(config, new SystemResolver(2));
    }

    /** A server without authentication that resolves names with {@code resolver}. */
    Proxy open(dev.argyle.server.resolve.Resolver resolver) throws IOException {
        return start(config(AuthMode.NONE, null), resolver);
    }

    Proxy start(ServerConfig config, dev.argyle.server.resolve.Resolver resolver) throws IOException {
        Sessions sessions = new Sessions();
        Proxy p = new Proxy(ArgyleServer.start(config, resolver, sessions), sessions);
        running.add(p);
        return p;
    }

    /**
     * Starts one proxy per hop of {@code spec} (hops separated by spaces, each a scheme with an optional
     * "+pw": the proxy wants {@link #USER}/{@link #PASSWORD}, which the hop URI carries) and returns the chain
     * through them; {@code used} receives the proxies in hop order.
     */
    ProxyChain chain(String spec, List<Proxy> used) throws IOException {
        List<String> uris = new ArrayList<>();
        for (String hop : spec.split(" ")) {
            boolean pw = hop.endsWith("+pw");
            String scheme = pw ? hop.substring(0, hop.length() - 3) : hop;
            Proxy p = pw ? withPassword() : open();
            used.add(p);
            uris.add(pw ? p.uri(scheme, USER, PASSWORD) : p.uri(scheme));
        }
        return ProxyChain.of(uris.toArray(String[]::new));
    }

    static ServerConfig config(AuthMode auth, Path users) {
        ListenerConfig listener = new ListenerConfig(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), auth, false);
        return ServerConfig.defaults().withListeners(List.of(listener)).withUsersFile(users).withAccessLog(false);
    }

    @Override
    public void close() {
        for (Proxy p : running) {
            p.server.shutdown(Duration.ZERO);
        }
    }
}
