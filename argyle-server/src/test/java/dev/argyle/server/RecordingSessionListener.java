package dev.argyle.server;

import dev.argyle.server.observe.Session;
import dev.argyle.server.observe.SessionListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records every session that ends, so tests can wait for and inspect what the access log would say. */
public final class RecordingSessionListener implements SessionListener {
    private final BlockingQueue<Session> closed = new LinkedBlockingQueue<>();
    private final AtomicInteger opened = new AtomicInteger();

    @Override
    public void opened(Session session) {
        opened.incrementAndGet();
    }

    @Override
    public void closed(Session session) {
        closed.add(session);
    }

    public int openedCount() {
        return opened.get();
    }

    /** The next session to end, waiting up to {@code timeout}; fails if none ends in time. */
    public Session next(Duration timeout) throws InterruptedException {
        Session s = closed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no session ended within " + timeout);
        }
        return s;
    }

    /** The next session that ended, within 10 seconds. */
    public Session next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    /** Drains the sessions ended so far. */
    public List<Session> drain() {
        List<Session> out = new java.util.ArrayList<>();
        closed.drainTo(out);
        return out;
    }
}
