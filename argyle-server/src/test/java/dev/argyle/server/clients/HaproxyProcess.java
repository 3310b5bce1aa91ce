package dev.argyle.server.clients;

import dev.argyle.testkit.ExternalProgram;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's haproxy) as a child process in the foreground ({@code -db}), with a config written into a
 * test's temp dir; its output goes to a file there, quoted when something fails.
 */
final class HaproxyProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);

    private final Process process;
    private final Path output;
    private final InetSocketAddress frontend;

    private HaproxyProcess(Process process, Path output, InetSocketAddress frontend) {
        this.process = process;
        this.output = output;
        this.frontend = frontend;
    }

    /**
     * HAProxy on a free loopback port in front of two Argyle instances, with the config docs/scaling.md shows
     * ({@code send-proxy-v2}, round robin, health checks every 200 ms).
     */
    static HaproxyProcess inFrontOf(Path dir, int firstPort, int secondPort) throws IOException, InterruptedException {
        int frontend = ClientSupport.closedPort();
        return start(dir, config(frontend, firstPort, secondPort),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), frontend));
    }

    /** The config docs/scaling.md shows, with the test's ports. */
    private static String config(int frontend, int firstPort, int secondPort) {
        return """
                global
                    maxconn 1000

                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 1h
                    timeout server 1h
                    retries 2
                    option redispatch

                frontend socks
                    bind 127.0.0.1:%d
                    default_backend argyle

                backend argyle
                    balance roundrobin
                    server argyle1 127.0.0.1:%d send-proxy-v2 check inter 200ms fall 2 rise 2
                    server argyle2 127.0.0.1:%d send-proxy-v2 check inter 200ms fall 2 rise 2
                """.formatted(frontend, firstPort, secondPort);
    }

    /** Where HAProxy accepts clients. */
    InetSocketAddress frontend() {
        return frontend;
    }

    /** Writes {@code config} to {@code dir}, checks it ({@code -c}), starts HAProxy and waits until it accepts on {@code frontend}. */
    private static HaproxyProcess start(Path dir, String config, InetSocketAddress frontend) throws IOException, InterruptedException {
        String haproxy = ExternalProgram.require("haproxy", "haproxy");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config, StandardCharsets.UTF_8);
        ExternalProgram.Result check = ExternalProgram.run(READY, List.of(haproxy, "-c", "-f", cfg.toString()));
        if (check.exitCode() != 0) {
            throw new IllegalStateException("haproxy rejects the config: " + check + "\n" + config);
        }
        Path output = dir.resolve("haproxy.out");
        Process p = new ProcessBuilder(haproxy, "-f", cfg.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        HaproxyProcess started = new HaproxyProcess(p, output, frontend);
        long deadline = System.nanoTime() + READY.toNanos();
        for (int attempt = 0; attempt < 300; attempt++) { // bounded by count and by the deadline
            if (!p.isAlive()) {
                throw new IllegalStateException("haproxy exited with " + p.exitValue() + ": " + started.output());
            }
            try (Socket probe = new Socket()) {
                probe.connect(frontend, 200);
                return started;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                p.waitFor(50, TimeUnit.MILLISECONDS); // a pause that also ends at once if haproxy exits
            }
        }
        started.close();
        throw new IllegalStateException("haproxy did not listen on " + frontend + " within " + READY + ": " + started.output());
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (HAProxy's hard stop), then SIGKILL if it is still there after five seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
