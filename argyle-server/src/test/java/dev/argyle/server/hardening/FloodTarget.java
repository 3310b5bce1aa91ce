package dev.argyle.server.hardening;

import dev.argyle.testkit.Pattern;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A destination that, for the one connection it accepts, writes {@code length} {@link Pattern} bytes as fast as
 * the connection takes them, then shuts down its output and waits for the other side to close. It counts the
 * bytes the kernel has taken, so a test can see it being held back.
 */
final class FloodTarget implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile Socket accepted;

    FloodTarget(long seed, long length) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> flood(seed, length), "flood-target");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Bytes written into the connection so far. */
    long written() {
        return written.get();
    }

    private void flood(long seed, long length) {
        try (Socket s = server.accept()) {
            accepted = s;
            OutputStream counting = new FilterOutputStream(s.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }
            };
            Pattern.write(counting, seed, length);
            s.shutdownOutput();
            s.getInputStream().read(); // until the proxy passes on the client's close
        } catch (IOException ignored) {
            // The test ended the connection.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = accepted;
        if (s != null) {
            s.close();
        }
    }
}
