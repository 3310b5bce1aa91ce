package dev.argyle.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real client program (curl, ncat, python3, java) with a deadline and captures what it printed. */
public final class ExternalProgram {
    private ExternalProgram() {
    }

    /** Exit status and output of a finished program. */
    public record Result(int exitCode, String stdout, String stderr, byte[] stdoutBytes) {
        @Override
        public String toString() {
            return "exit=" + exitCode + " stdout=" + abbreviate(stdout) + " stderr=" + abbreviate(stderr);
        }

        private static String abbreviate(String s) {
            return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
        }
    }

    /** Fails with a message naming the Debian package when {@code program} is not on the PATH. */
    public static String require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(program + " is not installed: apt-get install " + debianPackage
                + " (.ci/run installs it)");
    }

    public static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        return run(timeout, command, null, Map.of());
    }

    /**
     * Runs {@code command} with {@code stdin} (or none) and extra environment variables; kills it at the
     * deadline and then fails.
     */
    public static Result run(Duration timeout, List<String> command, byte[] stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var stdinStream = p.getOutputStream()) {
            if (stdin != null) {
                stdinStream.write(stdin);
            }
        } catch (IOException ignored) {
            // The program may exit before reading its input.
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish within " + timeout + "; stderr: "
                    + new String(err.getNow(new byte[0]), StandardCharsets.UTF_8));
        }
        byte[] stdout = out.join();
        return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8), stdout);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
