package dev.argyle.server.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that sends its bytes one at a time on a schedule (never idle for long, never finished in time) and
 * reads whatever the server answers until the server closes.
 */
final class DripClient implements AutoCloseable {
    private final Socket socket;
    private final long startNanos;
    private final AtomicInteger dripped = new AtomicInteger();
    private final ScheduledFuture<?> drip;
    private final CompletableFuture<Closed> closed;

    /**
     * What the client saw when the server closed.
     *
     * @param afterNanos time from connecting to the server's close
     * @param received   the bytes the server sent before closing
     * @param dripped    bytes the client had sent by then
     */
    record Closed(long afterNanos, byte[] received, int dripped) {
    }

    DripClient(InetSocketAddress server, byte[] bytes, long periodMillis, ScheduledExecutorService timer,
               ExecutorService readers) throws IOException {
        socket = new Socket();
        startNanos = System.nanoTime();
        socket.connect(server, 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        drip = timer.scheduleAtFixedRate(() -> {
            int i = dripped.get();
            if (i >= bytes.length) {
                return;
            }
            try {
                out.write(bytes[i]);
                dripped.incrementAndGet();
            } catch (IOException gone) {
                throw new IllegalStateException("server gone", gone); // ends the schedule
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
        closed = CompletableFuture.supplyAsync(this::readUntilClosed, readers);
    }

    private Closed readUntilClosed() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            int b;
            while ((b = in.read()) >= 0) {
                received.write(b);
            }
        } catch (IOException reset) {
            // A reset is a close too.
        }
        long after = System.nanoTime() - startNanos;
        drip.cancel(false);
        return new Closed(after, received.toByteArray(), dripped.get());
    }

    CompletableFuture<Closed> closed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        drip.cancel(false);
        socket.close();
    }
}
