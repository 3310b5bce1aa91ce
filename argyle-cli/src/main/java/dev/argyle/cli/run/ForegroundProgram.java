package dev.argyle.cli.run;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the user's program in the foreground to its end and returns its exit status (128+N when a signal N ended
 * it). If this JVM is stopped first (SIGTERM, SIGINT, SIGHUP), a shutdown hook asks the program to stop, makes it
 * stop after a grace period, and then runs the caller's clean-up, so nothing is left behind by an ordinary stop.
 */
final class ForegroundProgram {
    /** How long the program has to exit after our SIGTERM when we are stopped, before SIGKILL. */
    private static final long STOP_GRACE_SECONDS = 5;

    private ForegroundProgram() {
    }

    /**
     * Starts {@code pb} and waits for the program to end. {@code name} names it in the error when it cannot
     * start; {@code cleanUp} runs in the shutdown hook after the program is gone (the caller also cleans up on
     * a normal return, so it must be safe to run twice).
     */
    static int run(ProcessBuilder pb, String name, Runnable cleanUp) throws IOException, InterruptedException {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + name + ": " + e.getMessage(), e);
        }
        Thread stopper = new Thread(() -> stop(p, cleanUp), "argyle-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int status = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and cleans up.
        }
        return status;
    }

    /** Shutdown hook: ask the program to stop, make it stop, then clean up before the JVM exits. */
    private static void stop(Process p, Runnable cleanUp) {
        if (p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cleanUp.run();
    }
}
