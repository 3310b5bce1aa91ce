package dev.argyle.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
    private BatchingAppender appender;

    private Logger logger() {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as SLF4J's binding sets it
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender = new BatchingAppender(encoder, out);
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger("argyle.access");
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private String written() {
        synchronized (out) {
            return sink.toString(StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aLineIsWrittenSoonWithoutAnyMoreTraffic() {
        logger().info("session {} closed", 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> written().equals("session 1 closed\n"));
    }

    @Test
    void moreLinesThanTheQueueHoldsFromTwoThreadsAreAllWrittenInOrderByStop() throws Exception {
        Logger logger = logger();
        int perThread = 20_000; // well over the queue's 8192: the callers wait for room, nothing is dropped
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        logger.info("{} {}", name, i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        appender.stop(); // writes what is still queued
        List<String> lines = written().lines().toList();
        assertThat(lines).hasSize(2 * perThread);
        for (String name : List.of("a", "b")) {
            List<String> mine = lines.stream().filter(l -> l.startsWith(name + " ")).toList();
            assertThat(mine).hasSize(perThread);
            for (int i = 0; i < perThread; i++) {
                assertThat(mine.get(i)).isEqualTo(name + " " + i);
            }
        }
    }

    @Test
    void aBatchIsOneWriteSoOtherLinesNeverLandInsideALine() throws Exception {
        Logger logger = logger();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> interloper = other.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    out.println("WARN other " + i);
                }
            });
            for (int i = 0; i < 2_000; i++) {
                logger.info("access line {} with some length to it", i);
            }
            interloper.get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        appender.stop();
        List<String> lines = written().lines().toList();
        assertThat(lines).hasSize(4_000);
        assertThat(lines).allMatch(l -> l.matches("WARN other \\d+|access line \\d+ with some length to it"));
    }
}
