package dev.argyle.cli.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.argyle.server.config.LogFormat;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches the process's logging to the chosen {@link LogFormat} before the server starts: {@code text} keeps the
 * built-in {@code logback.xml}; {@code json} replaces it with {@code logback-json.xml} (the same loggers, levels
 * and asynchronous access log, written by {@link JsonLineEncoder}). An operator's own
 * {@code -Dlogback.configurationFile} wins: it is left as it is and a warning says so.
 */
public final class LogSetup {
    static final String JSON_RESOURCE = "/logback-json.xml";

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
        if (System.getProperty("logback.configurationFile") != null) {
            LoggerFactory.getLogger(LogSetup.class).warn("log-format {} ignored: -Dlogback.configurationFile={} is"
                    + " in charge of the logs", format.configName(), System.getProperty("logback.configurationFile"));
            return;
        }
        URL resource = LogSetup.class.getResource(JSON_RESOURCE);
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(resource);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure JSON logging from " + resource, e);
        }
    }
}
