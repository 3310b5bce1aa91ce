package dev.argyle.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.hook.DefaultShutdownHook;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.argyle.server.config.LogFormat;
import java.util.Locale;

/**
 * Argyle's default logging, set up in code: everything to stderr, one line per event; the access log (logger
 * {@code argyle.access}) written from a queue by its own thread in batches ({@link BatchingAppender}). The same
 * setup as docs/logback.example.xml (which, being a Logback file, uses Logback's {@code AsyncAppender});
 * {@link LogSetup} builds it again with {@link JsonLineEncoder} for {@code log-format: json}.
 *
 * <p>Why in code: reading an XML file pulls in Logback's Joran and the JDK's XML parser, about 600 classes and
 * 4 MB of memory that an idle server would carry for as long as it runs (docs/benchmarks.md#memory).
 * {@code -Dlogback.configurationFile=FILE} (or a {@code logback-test.xml} on the class path) still wins: this
 * configurator then steps aside. Found by Logback through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";
    static final String ACCESS_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} argyle.access %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (overridden()) {
            return ExecutionStatus.NEUTRAL;
        }
        // Stop (and so flush the queued access log) when the JVM exits, e.g. after a SIGTERM drain.
        DefaultShutdownHook hook = new DefaultShutdownHook();
        hook.setContext(context);
        Runtime.getRuntime().addShutdownHook(new Thread(hook, "logback-shutdown"));
        install(context, LogFormat.TEXT);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** True when the operator's own Logback file is in charge (then nothing here touches the loggers). */
    static boolean overridden() {
        return System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    /** The loggers, levels and appenders, lines written as {@code format} says; on a fresh or reset context. */
    static void install(LoggerContext context, LogFormat format) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv().getOrDefault("ARGYLE_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT),
                Level.INFO));
        ConsoleAppender<ILoggingEvent> stderr = stderr(context, "STDERR", encoder(context, format, PATTERN));
        root.addAppender(stderr);
        context.getLogger("io.netty").setLevel(Level.WARN);

        // Queued and written in batches by one thread; a full queue makes the event loop wait (a record, not a sample).
        BatchingAppender batching = new BatchingAppender(
                encoder(context, format, format == LogFormat.JSON ? PATTERN : ACCESS_PATTERN), System.err);
        batching.setContext(context);
        batching.setName("ACCESS");
        batching.start();
        Logger access = context.getLogger("argyle.access");
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        access.addAppender(batching);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format, String pattern) {
        if (format == LogFormat.JSON) {
            JsonLineEncoder json = new JsonLineEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
