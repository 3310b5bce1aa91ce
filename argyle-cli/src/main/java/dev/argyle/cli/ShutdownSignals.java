package dev.argyle.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT drain the server instead of killing it.
 *
 * <p>Why {@code sun.misc.Signal} rather than a shutdown hook: a hook runs only once the JVM has already decided to
 * exit, and then races every other hook; a signal handler lets us drain first and exit after. Installing the
 * handler replaces the JVM's own, so the JVM no longer exits by itself on these signals: we must call
 * {@link System#exit}. The drain runs on its own thread because the signal dispatch thread must stay free to see
 * a second signal, which means "stop now": the process halts at once with 128 + the signal number.
 */
final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    /** @param drain stops the server and returns when it has stopped; the process then exits with 0 */
    static void install(Runnable drain) {
        AtomicBoolean draining = new AtomicBoolean();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!draining.compareAndSet(false, true)) {
                        LOG.warn("second SIG{}: stopping without waiting for sessions", signal.getName());
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                    LOG.info("SIG{} received: closing listeners and letting sessions finish", signal.getName());
                    Thread drainer = new Thread(() -> {
                        try {
                            drain.run();
                        } finally {
                            System.exit(ExitCodes.OK);
                        }
                    }, "argyle-shutdown");
                    drainer.start();
                });
            } catch (IllegalArgumentException e) {
                // The JVM runs with -Xrs, or the OS reserves the signal: keep the default behaviour for it.
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
