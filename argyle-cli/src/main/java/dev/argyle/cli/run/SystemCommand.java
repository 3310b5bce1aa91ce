package dev.argyle.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one system tool ({@code ip}, {@code nft}) to completion within a time limit and returns its output; a
 * non-zero exit becomes an {@link IOException} that quotes the command and its stderr.
 */
final class SystemCommand {
    private static final long TIMEOUT_SECONDS = 20;

    private SystemCommand() {
    }

    static String run(String... command) throws IOException {
        return runWithInput(null, command);
    }

    /** As {@link #run(String...)}, with {@code stdin} written to the tool (nft -f -). */
    static String runWithInput(String stdin, String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = out.get(5, TimeUnit.SECONDS);
            String stderr = err.get(5, TimeUnit.SECONDS).strip();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")"
                        + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            return stdout;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(String.join(" ", command) + ": could not read its output", e);
        }
    }

    /** Runs every command, ignoring failures (teardown: some parts may be gone already); returns what failed. */
    static List<String> runAll(List<List<String>> commands) {
        List<String> failed = new ArrayList<>();
        for (List<String> c : commands) {
            try {
                run(c.toArray(String[]::new));
            } catch (IOException e) {
                failed.add(e.getMessage());
            }
        }
        return failed;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
