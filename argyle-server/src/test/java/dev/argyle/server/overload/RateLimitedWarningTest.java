package dev.argyle.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedWarningTest {
    @Test
    void logsOncePerIntervalWithTheCountSinceTheLastLine() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.ratelimited");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong clock = new AtomicLong();
        RateLimitedWarning w = new RateLimitedWarning(logger, 1000, clock::get);
        for (int i = 0; i < 5_000; i++) {
            w.occurred(() -> "trouble");
            clock.incrementAndGet();
        }
        // At 0, 1000, 2000, 3000, 4000: five lines for 5 000 occurrences.
        assertThat(lines.list).hasSize(5);
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("trouble; 1 time(s) since the last such line");
        assertThat(lines.list.get(1).getFormattedMessage()).isEqualTo("trouble; 1000 time(s) since the last such line");
        assertThat(w.total()).isEqualTo(5_000);
    }
}
