package dev.argyle.cli.run;

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

/** Debian's danted on 127.0.0.1 (no authentication), in the foreground; ready when it logs "running". */
final class DantedHop implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/danted");

    private final Process process;
    private final int port;

    private DantedHop(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is missing (apt-get install dante-server)");
    }

    static DantedHop start(Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("danted.conf");
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.write(conf, List.of("logoutput: stderr", "internal: 127.0.0.1 port = " + port, "external: lo",
                "socksmethod: none", "clientmethod: none",
                root ? "user.privileged: root" : "", root ? "user.unprivileged: nobody" : "",
                "client pass { from: 0/0 to: 0/0 log: error }",
                "socks pass { from: 0/0 to: 0/0 log: error }"), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(BINARY.toString(), "-f", conf.toString(), "-p", dir.resolve("danted.pid").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        DantedHop d = new DantedHop(p, port);
        CompletableFuture<Boolean> running = new CompletableFuture<>();
        StringBuffer log = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains(" running")) {
                        running.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
            running.complete(false);
        }, "danted-log");
        reader.setDaemon(true);
        reader.start();
        if (!running.get(15, TimeUnit.SECONDS)) {
            d.close();
            throw new IOException("danted did not start: " + log);
        }
        return d;
    }

    int port() {
        return port;
    }

    String uri(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroy);
    }
}
