package dev.argyle.server.admin;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A password-authenticated SOCKS5 session through the server to an echo target that keeps sending numbered
 * chunks and checks each one comes back intact, on a thread of its own, until closed.
 */
final class LiveTransfer implements AutoCloseable {
    static final int CHUNK = 8 * 1024;

    private final ScriptedSocksClient client;
    private final Thread thread;
    private final AtomicLong echoed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    LiveTransfer(InetSocketAddress proxy, SocksAddress echo, String user, String password) throws IOException {
        client = new ScriptedSocksClient(proxy);
        ReplyCode reply = client.connect5(echo, user, password).reply();
        if (!reply.equals(ReplyCode.SUCCEEDED)) {
            client.close();
            throw new IOException("CONNECT refused: " + reply);
        }
        thread = new Thread(this::run, "live-transfer-" + user);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        byte[] chunk = new byte[CHUNK];
        for (long i = 0; !stop; i++) {
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (byte) (i * 31 + j);
            }
            try {
                client.echo(chunk);
            } catch (IOException | RuntimeException e) {
                if (!stop) {
                    failure.compareAndSet(null, e);
                }
                return;
            }
            echoed.addAndGet(chunk.length);
            // Pacing, not synchronisation: a steady few MB/s instead of a loop that takes a whole core.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** Bytes sent and received back intact so far. */
    long echoed() {
        return echoed.get();
    }

    /** The error that ended the transfer, or null while it runs intact. */
    Throwable failure() {
        return failure.get();
    }

    boolean running() {
        return thread.isAlive();
    }

    ScriptedSocksClient client() {
        return client;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop = true;
        client.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
