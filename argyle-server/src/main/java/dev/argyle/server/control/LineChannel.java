package dev.argyle.server.control;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One line each way on a Unix-domain socket channel, within a deadline: a blocking channel cannot time out
 * a read, so the channel is made non-blocking and waited on with its own selector.
 */
final class LineChannel implements AutoCloseable {
    /** The longest line either side sends, newline included. */
    static final int MAX_LINE = 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long deadlineNanos;

    LineChannel(SocketChannel channel, long timeoutNanos) throws IOException {
        this.channel = channel;
        this.deadlineNanos = System.nanoTime() + timeoutNanos;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /**
     * The text up to the first newline (without it, and without a trailing CR); null when the peer closed
     * first. Throws when the line is longer than {@link #MAX_LINE} or the deadline passes.
     */
    String readLine() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE);
        key.interestOps(SelectionKey.OP_READ);
        while (true) {
            int n = channel.read(buf);
            if (n < 0) {
                return null;
            }
            for (int i = buf.position() - n; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    int end = i > 0 && buf.get(i - 1) == '\r' ? i - 1 : i;
                    return new String(buf.array(), 0, end, StandardCharsets.UTF_8);
                }
            }
            if (!buf.hasRemaining()) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            if (n == 0) {
                await();
            }
        }
    }

    /** Writes {@code line} and a newline. */
    void writeLine(String line) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        key.interestOps(SelectionKey.OP_WRITE);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await();
            }
        }
    }

    private void await() throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no complete line in time");
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
