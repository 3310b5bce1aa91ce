package dev.argyle.server.control;

import dev.argyle.server.ArgyleServer;
import dev.argyle.server.ReloadOutcome;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration again and hands it to the running server: the one reload path for every trigger
 * (SIGHUP, the control socket, an admin API). Logs the outcome: INFO when the new policy is in force, ERROR
 * with the reason (file, line and column where known) when it was refused and the running policy stays.
 * Thread-safe; reloads run one at a time.
 */
public final class Reloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final ArgyleServer server;
    private final ConfigSource source;

    public Reloader(ArgyleServer server, ConfigSource source) {
        this.server = server;
        this.source = source;
    }

    /** @param trigger who asked, for the log line: "SIGHUP", "control socket" */
    public synchronized Result reload(String trigger) {
        try {
            ServerConfig config = source.load();
            ReloadOutcome outcome = server.reload(config);
            log.info("reload ({}): {}", trigger, outcome.describe());
            return new Result(true, outcome.describe());
        } catch (ConfigException | RuntimeException e) {
            String reason = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
            log.error("reload ({}) refused, the running policy stays in force: {}", trigger, reason);
            return new Result(false, reason);
        }
    }

    /** A message of several lines (the validator lists every problem) as one, for a log line or a reply. */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * How a reload ended.
     *
     * @param ok      true when the new policy is in force
     * @param message what is in force now, or why the new configuration was refused; one line
     */
    public record Result(boolean ok, String message) {
    }
}
