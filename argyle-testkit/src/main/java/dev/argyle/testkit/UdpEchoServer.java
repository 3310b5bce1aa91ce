package dev.argyle.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP echo server on a given address: sends every datagram back to where it came from, and remembers what
 * it received (the most recent 10 000), so a test can check what arrived, as how many datagrams, from whom.
 * One daemon thread; {@link #close} stops it.
 */
public final class UdpEchoServer implements AutoCloseable {
    /** One datagram as the echo server received it. */
    public record Received(byte[] payload, InetSocketAddress sender) {
        @Override
        public String toString() {
            return payload.length + " bytes from " + sender;
        }
    }

    private final DatagramSocket socket;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>(10_000);
    private final AtomicInteger count = new AtomicInteger();
    private final Thread thread;

    public UdpEchoServer(InetAddress bind) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(bind, 0));
        thread = new Thread(this::loop, "udp-echo");
        thread.setDaemon(true);
        thread.start();
    }

    public static UdpEchoServer onLoopback() throws IOException {
        return new UdpEchoServer(InetAddress.getLoopbackAddress());
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Datagrams received so far. */
    public int count() {
        return count.get();
    }

    /** The next datagram received (in arrival order), waiting up to {@code timeout}; null if none came. */
    public Received next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                byte[] payload = Arrays.copyOf(p.getData(), p.getLength());
                SocketAddress from = p.getSocketAddress();
                count.incrementAndGet();
                received.offer(new Received(payload, (InetSocketAddress) from));
                socket.send(new DatagramPacket(payload, payload.length, from));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
