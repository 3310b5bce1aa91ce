package dev.argyle.testkit;

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

/**
 * Debian's Dante server (dante-server, /usr/sbin/danted) as a SOCKS hop: no authentication, on 127.0.0.1 at a
 * free port, logging to stderr. Started in the foreground, ready when it logs "running" (bounded wait), stopped
 * by its own process id and its children's. Tests skip when it is absent:
 * {@code Assumptions.assumeTrue(Danted.installed(), Danted.NOT_INSTALLED)}.
 */
public final class Danted implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/danted");
    /** The reason to give when skipping a test because danted is missing. */
    public static final String NOT_INSTALLED = BINARY + " is missing (apt-get install -y dante-server; .ci/run installs it)";
    private static final long READY_SECONDS = 15;
    private static final long STOP_GRACE_SECONDS = 5;

    private final Process process;
    private final int port;
    private final StringBuffer log = new StringBuffer();

    private Danted(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Writes a config and a pid file into {@code dir} (named by port, so one directory can hold several). */
    public static Danted start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("danted-" + port + ".conf");
        // As root, danted wants users to switch to; as anyone else it runs as that user.
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
        boolean ready;
        try {
            ready = running.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            d.close();
            throw new IOException("danted did not start within " + READY_SECONDS + " s: " + d.log, e);
        }
        if (!ready) {
            d.close();
            throw new IOException("danted exited before it was running: " + d.log);
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

    public int port() {
        return port;
    }

    /** {@code scheme://127.0.0.1:port}, e.g. for {@code socks5} or {@code socks5h}. */
    public String uri(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    /** What danted has logged so far. */
    public String log() {
        return log.toString();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroy);
    }
}
