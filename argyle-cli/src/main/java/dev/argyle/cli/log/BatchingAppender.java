package dev.argyle.cli.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log's appender: the event loops queue each line's event and go on; one writer thread encodes
 * what has queued and writes it to stderr with one {@code write(2)} every {@link #FLUSH_NANOS} (20 ms), or
 * sooner when a quarter of the queue is filled. A line thus reaches stderr at most ~20 ms after its
 * session ends.
 *
 * <p>Why not Logback's {@code AsyncAppender}: its writer waits on the queue, so every line wakes it (a
 * {@code futex} call on the event loop and a context switch on a 2-core machine), and its console appender
 * makes one {@code write(2)} per line. Measured at 5 000 sessions/s (docs/benchmarks.md): the access log
 * took about a fifth of the server's connection rate that way.
 *
 * <p>A full queue makes the event loop wait for room rather than drop lines: the access log is a record,
 * not a sample. Each batch is one {@code PrintStream.write} on {@code System.err}, which the stream
 * serializes against the other log lines, so they never interleave. {@link #stop()} writes whatever is still
 * queued.
 */
final class BatchingAppender extends AppenderBase<ILoggingEvent> {
    static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int CAPACITY = 8192;

    private final ArrayBlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Encoder<ILoggingEvent> encoder;
    private final PrintStream out;
    private volatile boolean running;
    private Thread writer;

    BatchingAppender(Encoder<ILoggingEvent> encoder, PrintStream out) {
        this.encoder = encoder;
        this.out = out;
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "argyle-access-log");
        writer.setDaemon(true);
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // the message and MDC, formatted now on the caller's thread
        if (!queue.offer(event)) {
            LockSupport.unpark(writer);
            try {
                queue.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (queue.size() >= CAPACITY / 4) {
            LockSupport.unpark(writer);
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>(CAPACITY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        while (running || !queue.isEmpty()) {
            if (queue.isEmpty() && running) {
                LockSupport.parkNanos(this, FLUSH_NANOS);
            }
            queue.drainTo(batch);
            if (batch.isEmpty()) {
                continue;
            }
            for (ILoggingEvent event : batch) {
                try {
                    bytes.writeBytes(encoder.encode(event));
                } catch (RuntimeException e) {
                    addError("cannot encode an access log line", e);
                }
            }
            batch.clear();
            try {
                bytes.writeTo(out); // one PrintStream.write: the stream's lock keeps other log lines out of it
            } catch (java.io.IOException e) {
                addError("cannot write the access log", e); // a PrintStream does not throw; for the compiler
            }
            out.flush();
            bytes.reset();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
