package dev.argyle.server.hardening;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many connections that each send one byte of a SOCKS5 greeting (VER, no NMETHODS) and then nothing: plain
 * non-blocking {@link SocketChannel}s on one {@link Selector}, so thousands cost no threads. Not thread-safe.
 */
final class StalledClients implements AutoCloseable {
    private static final ByteBuffer FIRST_BYTE = ByteBuffer.wrap(new byte[] {0x05}).asReadOnlyBuffer();

    private final Selector selector;
    private final List<Stalled> all = new ArrayList<>();
    private long firstOpened;
    private int closedByServer;

    /** One stalled connection: when it was opened and when the server closed it (0 while open). */
    private static final class Stalled {
        final SocketChannel channel;
        final long openedNanos;
        long closedNanos;
        boolean sentByte;
        String unexpected;

        Stalled(SocketChannel channel, long openedNanos) {
            this.channel = channel;
            this.openedNanos = openedNanos;
        }
    }

    private StalledClients() throws IOException {
        selector = Selector.open();
    }

    /** Opens {@code count} connections and has each send its one byte, within {@code within}. */
    static StalledClients open(InetSocketAddress server, int count, Duration within) throws IOException {
        StalledClients s = new StalledClients();
        try {
            s.connectAll(server, count, System.nanoTime() + within.toNanos());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void connectAll(InetSocketAddress server, int count, long deadline) throws IOException {
        firstOpened = System.nanoTime();
        int sent = 0;
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            Stalled s = new Stalled(ch, System.nanoTime());
            all.add(s);
            if (ch.connect(server)) {
                sent += sendByte(s);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, s);
            }
            if (i % 128 == 127) {
                sent += finishConnects(0);
            }
        }
        while (sent < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + sent + " of " + count + " stalled connections were set up in time");
            }
            sent += finishConnects(100);
        }
    }

    /** Finishes pending connects (waiting up to {@code millis}, 0 for none); returns how many sent their byte. */
    private int finishConnects(long millis) throws IOException {
        int n = millis == 0 ? selector.selectNow() : selector.select(millis);
        if (n == 0) {
            return 0;
        }
        int sent = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            Stalled s = (Stalled) key.attachment();
            if (key.isConnectable() && s.channel.finishConnect()) {
                sent += sendByte(s);
            }
        }
        selector.selectedKeys().clear();
        return sent;
    }

    private int sendByte(Stalled s) throws IOException {
        if (s.channel.write(FIRST_BYTE.duplicate()) != 1) {
            throw new IOException("a fresh loopback connection did not take one byte");
        }
        s.sentByte = true;
        s.channel.register(selector, SelectionKey.OP_READ, s);
        return 1;
    }

    int count() {
        return all.size();
    }

    /** Time since the first connection was opened. */
    Duration sinceFirstOpened() {
        return Duration.ofNanos(System.nanoTime() - firstOpened);
    }

    /**
     * Waits until the server has closed every connection (EOF or reset), or {@code within} passes; returns how many
     * it closed. The server must send nothing before closing: a stalled greeting gets no answer.
     */
    int awaitClosedByServer(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        ByteBuffer sink = ByteBuffer.allocate(64);
        while (closedByServer < all.size() && System.nanoTime() < deadline) {
            if (selector.select(200) == 0) {
                continue;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Stalled s = (Stalled) key.attachment();
                int n;
                try {
                    sink.clear();
                    n = s.channel.read(sink);
                } catch (IOException reset) {
                    n = -1;
                }
                if (n > 0) {
                    s.unexpected = n + " byte(s) from the server";
                    continue;
                }
                if (n < 0) {
                    s.closedNanos = System.nanoTime();
                    closedByServer++;
                    key.cancel();
                    s.channel.close();
                }
            }
            selector.selectedKeys().clear();
        }
        return closedByServer;
    }

    /** The shortest time from open to the server's close, over the connections the server closed. */
    Duration shortestLife() {
        return Duration.ofNanos(all.stream().filter(s -> s.closedNanos > 0)
                .mapToLong(s -> s.closedNanos - s.openedNanos).min().orElse(0));
    }

    /** The longest time from open to the server's close. */
    Duration longestLife() {
        return Duration.ofNanos(all.stream().filter(s -> s.closedNanos > 0)
                .mapToLong(s -> s.closedNanos - s.openedNanos).max().orElse(0));
    }

    /** Connections on which the server sent something, described; empty when none did. */
    List<String> unexpected() {
        return all.stream().filter(s -> s.unexpected != null).map(s -> s.unexpected).toList();
    }

    @Override
    public void close() throws IOException {
        for (Stalled s : all) {
            s.channel.close();
        }
        selector.close();
    }
}
