package dev.argyle.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code argyle.jar} running as a real process, as a user starts it; its stderr is collected
 * line by line so tests can wait for a log line. Close kills it if it is still running.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    all.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "argyle-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        return Path.of(System.getProperty("argyle.jar", "target/argyle.jar"));
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts {@code java -jar argyle.jar ARGS...} with stdin closed. */
    static ServerProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new ServerProcess(pb.start());
    }

    /**
     * Starts {@code PREFIX... java JVM_ARGS... -jar argyle.jar ARGS...}; the prefix is a program that execs
     * the rest in the same process (such as {@code prlimit --nofile=512:512}), so {@link #pid()} is the JVM's.
     */
    static ServerProcess startWith(List<String> prefix, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new ServerProcess(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** Stderr lines so far that contain {@code text}. */
    long countLines(String text) {
        return all.stream().filter(l -> l.contains(text)).count();
    }

    /** Waits for a stderr line containing {@code text}; fails with everything seen so far if none comes. */
    String awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no line containing '" + text + "' within " + timeout + "; stderr was:\n"
                        + String.join("\n", all));
            }
            if (line.contains(text)) {
                return line;
            }
        }
    }

    /** Waits for the exit and returns its status; fails if the process does not end in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("argyle did not exit within " + timeout + "; stderr:\n" + String.join("\n", all));
        }
        return process.exitValue();
    }

    String stderr() {
        return String.join("\n", all);
    }

    /**
     * SIGTERM, as systemd or kill(1) sends it. Through the process handle: {@code Process.destroy()} would
     * also close our end of the stderr pipe, and the drain's log lines would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    Process process() {
        return process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
