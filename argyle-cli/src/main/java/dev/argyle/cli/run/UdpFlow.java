package dev.argyle.cli.run;

import dev.argyle.client.ProxyChain;
import dev.argyle.client.SocksDatagramSocket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One program UDP socket's traffic: a UDP association through the chain (opened on the flow's own thread, as the
 * client library blocks), datagrams queued until it is up (at most {@link #QUEUE}, more are dropped, as UDP may),
 * a placeholder destination sent as its name, and answers passed back from the address the program wrote to.
 * Ends after {@link #IDLE_MILLIS} without answers or datagrams.
 */
final class UdpFlow {
    private static final Logger log = LoggerFactory.getLogger(UdpFlow.class);
    static final int QUEUE = 256;
    static final int IDLE_MILLIS = 60_000;

    private record Outgoing(InetSocketAddress original, byte[] data) {
    }

    private final InetSocketAddress program;
    private final ProxyChain chain;
    private final Placeholders placeholders;
    private final UdpInterceptor owner;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(QUEUE);
    /** What the chain answers from (an address, or a name's port) -> the address the program wrote to. */
    private final Map<InetSocketAddress, InetSocketAddress> answersFrom = new ConcurrentHashMap<>();
    private final Map<Integer, InetSocketAddress> placeholderByPort = new ConcurrentHashMap<>();
    private volatile SocksDatagramSocket association;
    private volatile boolean closed;
    private volatile long lastActive = System.nanoTime();

    UdpFlow(InetSocketAddress program, ProxyChain chain, Placeholders placeholders, UdpInterceptor owner) {
        this.program = program;
        this.chain = chain;
        this.placeholders = placeholders;
        this.owner = owner;
        Thread t = new Thread(this::sendLoop, "argyle-run-udp-flow");
        t.setDaemon(true);
        t.start();
    }

    void send(InetSocketAddress original, byte[] data) {
        if (!queue.offer(new Outgoing(original, data))) {
            log.debug("run: udp from {}: queue full, datagram dropped", program);
        }
    }

    private void sendLoop() {
        try (SocksDatagramSocket a = chain.associate()) {
            association = a;
            a.setSoTimeout(1000);
            Thread back = new Thread(() -> receiveLoop(a), "argyle-run-udp-answers");
            back.setDaemon(true);
            back.start();
            while (!closed) {
                Outgoing o = queue.poll(1, TimeUnit.SECONDS);
                if (o == null) {
                    if (idle()) {
                        break;
                    }
                    continue;
                }
                lastActive = System.nanoTime();
                Optional<InetSocketAddress> to = destination(o.original());
                if (to.isEmpty()) {
                    log.warn("run: udp to {}: a placeholder address no name was given; dropped", o.original());
                    continue;
                }
                a.send(o.data(), 0, o.data().length, to.get());
            }
        } catch (IOException e) {
            log.warn("run: udp from {} through the chain failed: {}", program, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            owner.ended(program, this);
        }
    }

    /** The name for a placeholder (remembered so its answers go back from the placeholder), else the address. */
    private Optional<InetSocketAddress> destination(InetSocketAddress original) {
        if (!Placeholders.inRange(original.getAddress())) {
            answersFrom.put(original, original);
            return Optional.of(original);
        }
        return placeholders.nameFor(original.getAddress()).map(name -> {
            placeholderByPort.put(original.getPort(), original);
            return InetSocketAddress.createUnresolved(name, original.getPort());
        });
    }

    private void receiveLoop(SocksDatagramSocket a) {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!closed && !a.isClosed()) {
            try {
                p.setLength(buf.length);
                a.receive(p);
                lastActive = System.nanoTime();
                InetSocketAddress source = (InetSocketAddress) p.getSocketAddress();
                InetSocketAddress from = answersFrom.get(source);
                if (from == null) {
                    // An answer to a name: the last hop reports the address it resolved, which the program never saw.
                    from = placeholderByPort.get(source.getPort());
                }
                if (from != null) {
                    owner.reply(from, program, buf, p.getLength());
                }
            } catch (SocketTimeoutException e) {
                // Check closed and go on.
            } catch (IOException e) {
                return;
            }
        }
    }

    private boolean idle() {
        return System.nanoTime() - lastActive > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
    }

    void close() {
        closed = true;
        SocksDatagramSocket a = association;
        if (a != null) {
            a.close();
        }
    }
}
