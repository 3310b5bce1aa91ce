package dev.argyle.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The listener-side guard, on an embedded channel standing in for a listening socket. */
class AcceptGuardTest {
    private final AtomicLong open = new AtomicLong(10);
    private final AtomicLong clock = new AtomicLong();
    private final OverloadCounters counters = new OverloadCounters();

    private EmbeddedChannel listener(long limit, long reserve) {
        EmbeddedChannel ch = new EmbeddedChannel(new AcceptGuard(
                new Descriptors(limit, reserve, open::get, clock::get), counters));
        ch.freezeTime();
        return ch;
    }

    @Test
    void aFailingAcceptPausesReadingWithADoublingBackOffAndIsNotPassedOn() {
        EmbeddedChannel ch = listener(100, 10);
        long[] expected = {50, 100, 200, 400, 800, 1000, 1000};
        for (long pause : expected) {
            ch.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
            assertThat(ch.config().isAutoRead()).isFalse();
            ch.advanceTimeBy(pause - 1, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.config().isAutoRead()).as("still paused before %d ms", pause).isFalse();
            ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.config().isAutoRead()).as("reading again after %d ms", pause).isTrue();
        }
        // Not passed on: EmbeddedChannel would rethrow an exception that reached the end of the pipeline.
        ch.checkException();
        assertThat(counters.acceptFailures()).isEqualTo(expected.length);
    }

    @Test
    void aSuccessfulAcceptResetsTheBackOff() {
        EmbeddedChannel ch = listener(100, 10);
        for (int i = 0; i < 3; i++) {
            ch.pipeline().fireExceptionCaught(new IOException("EMFILE"));
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        EmbeddedChannel child = new EmbeddedChannel();
        ch.writeInbound(child);
        assertThat((Object) ch.readInbound()).isSameAs(child);
        ch.pipeline().fireExceptionCaught(new IOException("EMFILE"));
        ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void withinTheReserveANewConnectionIsClosedAtOnceAndNotPassedOn() {
        EmbeddedChannel ch = listener(100, 10);
        open.set(95);
        EmbeddedChannel child = new EmbeddedChannel();
        ch.writeInbound(child);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(child.isOpen()).isFalse();
        assertThat(counters.shed()).isEqualTo(1);
    }

    @Test
    void belowTheReserveConnectionsPass() {
        EmbeddedChannel ch = listener(100, 10);
        open.set(50);
        EmbeddedChannel child = new EmbeddedChannel();
        ch.writeInbound(child);
        assertThat((Object) ch.readInbound()).isSameAs(child);
        assertThat(child.isOpen()).isTrue();
        assertThat(counters.shed()).isZero();
    }

    @Test
    void otherErrorsArePassedOn() {
        EmbeddedChannel ch = listener(100, 10);
        ch.pipeline().fireExceptionCaught(new IllegalStateException("not an accept failure"));
        assertThat(ch.config().isAutoRead()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(ch::checkException)
                .isInstanceOf(IllegalStateException.class);
    }
}
