package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpinBeforeBlockingTest {
    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void eventsFoundWhilePollingAreHandledWithoutBlocking() throws Exception {
        SelectStrategy strategy = SpinBeforeBlocking.factory(TimeUnit.SECONDS.toNanos(10)).newSelectStrategy();
        AtomicInteger polls = new AtomicInteger();
        int ready = strategy.calculateStrategy(() -> polls.incrementAndGet() < 5 ? 0 : 3, false);
        assertThat(ready).isEqualTo(3);
        assertThat(polls).hasValue(5);
    }

    @Test
    void nothingWithinTheWindowMeansBlock() throws Exception {
        SelectStrategy strategy = SpinBeforeBlocking.factory(WINDOW).newSelectStrategy();
        AtomicInteger polls = new AtomicInteger();
        long start = System.nanoTime();
        int result = strategy.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, false);
        long took = System.nanoTime() - start;
        assertThat(result).isEqualTo(SelectStrategy.SELECT);
        assertThat(took).isGreaterThanOrEqualTo(WINDOW);
        assertThat(polls.get()).isGreaterThan(1);
    }

    @Test
    void pendingTasksGetOneNonBlockingPoll() throws Exception {
        SelectStrategy strategy = SpinBeforeBlocking.factory(TimeUnit.SECONDS.toNanos(10)).newSelectStrategy();
        AtomicInteger polls = new AtomicInteger();
        int result = strategy.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, true);
        assertThat(result).isZero();
        assertThat(polls).hasValue(1);
    }
}
