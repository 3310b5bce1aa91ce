package dev.argyle.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Dante server (dante-server, /usr/sbin/danted) as a hop: no authentication, on 127.0.0.1 at a free
 * port, logging to stderr. Started in the foreground, ready when it logs "running" (bounded wait), stopped
 * by its own process id and its children's.
 */
final class Danted implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/danted");

    private final Process process;
    private final int port;
    private final StringBuffer log = new StringBuffer();

    private Danted(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the calling test with a clear message when danted is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "Dante interop skipped: " + BINARY + " is missing (apt-get install -y dante-server)");
    }

    static Danted start(Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("danted-" + port + ".conf");
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.write(conf, List.of(
                "logoutput: stderr",
                "internal: 127.0.0.1 port = " + port,
                "external: lo",
                "socksmethod: none",
                "clientmethod: none",
                root ? "user.privileged: root" : "",
                root ? "user.unprivileged: nobody" : "",
                "client pass { from: 0/0 to: 0/0 log: error }",
                "socks pass { from: 0/0 to: 0/0 log: error }"), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(BINARY.toString(), "-f", conf.toString(),
                "-p", dir.resolve("danted-" + port + ".pid").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Danted d = new Danted(p, port);
        CompletableFuture<Boolean> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> d.readLog(running), "danted-log");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!running.get(15, TimeUnit.SECONDS)) {
                throw new IOException("danted exited before it was running: " + d.log);
            }
        } catch (Exception e) {
            d.close();
            throw new IOException("danted did not start: " + d.log, e);
        }
        return d;
    }

    private void readLog(CompletableFuture<Boolean> running) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.contains(" running")) {
                    running.complete(true);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        running.complete(false);
    }

    int port() {
        return port;
    }

    String uri(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    String log() {
        return log.toString();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.destroy();
        }
    }
}
