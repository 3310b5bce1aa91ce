package dev.argyle.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads the configuration (the conventional meaning for a daemon) instead of ending the JVM, which
 * is what it does by default. The reload runs on its own thread so that the signal dispatch thread stays free;
 * reloads themselves run one at a time (see {@link dev.argyle.server.control.Reloader}).
 */
final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void install(Runnable reload) {
        try {
            SignalHandler before = Signal.handle(new Signal("HUP"), signal -> {
                LOG.info("SIGHUP received: reading the configuration again");
                Thread reloader = new Thread(reload, "argyle-reload");
                reloader.setDaemon(true);
                reloader.start();
            });
            if (before == SignalHandler.SIG_IGN) {
                // Started with SIGHUP ignored (nohup does that): the JVM then leaves it ignored, whatever is asked.
                LOG.warn("SIGHUP is ignored in this process (started under nohup?): reload with 'argyle reload' instead");
            }
        } catch (IllegalArgumentException e) {
            // The JVM runs with -Xrs, or the OS reserves the signal: keep the default behaviour for it.
            LOG.debug("cannot handle SIGHUP: {}", e.getMessage());
        }
    }
}
