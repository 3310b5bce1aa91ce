package dev.argyle.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server for real clients (curl, PySocks, Java's URLConnection): {@code GET /anything} answers
 * 200 with {@link #BODY} followed by the path, so a test sees that the request went where it meant.
 */
public final class HttpTarget implements AutoCloseable {
    public static final String BODY = "argyle-http-target:";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "http-target");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();

    public HttpTarget(InetAddress bind) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, 0), 64);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = (BODY + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The URL for {@code path} with the given host text (e.g. "127.0.0.1", "[::1]", a name). */
    public String url(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
