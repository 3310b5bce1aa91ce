package dev.argyle.cli.log;

import ch.qos.logback.classic.LoggerContext;
import dev.argyle.server.config.LogFormat;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches the process's logging to the chosen {@link LogFormat} before the server starts: {@code text} keeps what
 * {@link LogConfigurator} set up; {@code json} sets up the same loggers, levels and asynchronous access log again,
 * written by {@link JsonLineEncoder}. An operator's own
 * {@code -Dlogback.configurationFile} wins: it is left as it is and a warning says so.
 */
public final class LogSetup {
    private LogSetup() {
    }

    public static void apply(LogFormat format) {
        if (format == LogFormat.TEXT) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return; // not Logback (an embedding program): nothing of ours to switch
        }
        if (LogConfigurator.overridden()) {
            LoggerFactory.getLogger(LogSetup.class).warn("log-format {} ignored: -Dlogback.configurationFile={} is"
                    + " in charge of the logs", format.configName(), System.getProperty("logback.configurationFile"));
            return;
        }
        context.reset();
        LogConfigurator.install(context, format);
    }
}
