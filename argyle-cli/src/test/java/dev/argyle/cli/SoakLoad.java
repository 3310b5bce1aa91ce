package dev.argyle.cli;

import dev.argyle.client.ProxyChain;
import dev.argyle.client.SocksBind;
import dev.argyle.client.SocksDatagramSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed SOCKS load through our client library, every byte checked: CONNECT sessions that echo seeded random
 * data, UDP associations that echo numbered datagrams, BIND sessions that carry data both ways between the
 * proxy's listener and a peer. Runs on its own threads until {@link #stop}; counts sessions, bytes, corrupted
 * bytes or datagrams, lost datagrams and failed sessions (with the first few failures kept for the report).
 */
final class SoakLoad {
    private static final int CHUNK = 16 * 1024;
    private static final int TIMEOUT_MS = 15_000;
    /**
     * Pause between one worker's sessions: about 50 sessions a second per worker, a steady load that leaves
     * the machine's other work room, rather than as many as the cores allow.
     */
    private static final long PACE_MS = 20;

    final AtomicLong connectSessions = new AtomicLong();
    final AtomicLong udpSessions = new AtomicLong();
    final AtomicLong bindSessions = new AtomicLong();
    final AtomicLong bytesVerified = new AtomicLong();
    final AtomicLong datagramsVerified = new AtomicLong();
    final AtomicLong datagramsLost = new AtomicLong();
    final AtomicLong corrupted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private final ProxyChain chain;
    private final InetSocketAddress tcpEcho;
    private final InetSocketAddress udpEcho;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private final AtomicLong seeds = new AtomicLong(1);

    SoakLoad(InetSocketAddress proxy, InetSocketAddress tcpEcho, InetSocketAddress udpEcho) {
        this.chain = ProxyChain.of("socks5://127.0.0.1:" + proxy.getPort())
                .withConnectTimeout(Duration.ofMillis(TIMEOUT_MS))
                .withHandshakeTimeout(Duration.ofMillis(TIMEOUT_MS))
                .withAcceptTimeout(Duration.ofMillis(TIMEOUT_MS));
        this.tcpEcho = tcpEcho;
        this.udpEcho = udpEcho;
    }

    /** Starts {@code connects} CONNECT workers, {@code udps} UDP workers and {@code binds} BIND workers. */
    void start(int connects, int udps, int binds) {
        for (int i = 0; i < connects; i++) {
            spawn("soak-connect-" + i, this::connectSession);
        }
        for (int i = 0; i < udps; i++) {
            spawn("soak-udp-" + i, this::udpSession);
        }
        for (int i = 0; i < binds; i++) {
            spawn("soak-bind-" + i, this::bindSession);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(2L * TIMEOUT_MS + 5_000);
        }
    }

    long sessions() {
        return connectSessions.get() + udpSessions.get() + bindSessions.get();
    }

    private interface Session {
        void run(long seed) throws IOException;
    }

    private void spawn(String name, Session session) {
        Thread t = new Thread(() -> {
            while (running) {
                long seed = seeds.getAndIncrement();
                try {
                    session.run(seed);
                    Thread.sleep(PACE_MS);
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet();
                    if (failures.size() < 20) {
                        failures.add(name + " seed " + seed + ": " + e);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** 4 to 256 KiB echoed in 16 KiB steps: write a chunk, read it back, compare. */
    private void connectSession(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int chunks = 1 + random.nextInt(16);
        try (Socket s = chain.connect(tcpEcho)) {
            s.setSoTimeout(TIMEOUT_MS);
            exchange(s, s, random, chunks);
        }
        connectSessions.incrementAndGet();
    }

    /** 50 numbered datagrams of 1 to 1400 bytes, each waited for; a late or missing one counts as lost. */
    private void udpSession(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (SocksDatagramSocket udp = chain.associate()) {
            udp.setSoTimeout(2_000);
            byte[] in = new byte[2048];
            for (int i = 0; i < 50 && running; i++) {
                byte[] out = new byte[4 + random.nextInt(1397)];
                random.nextBytes(out);
                out[0] = (byte) (i >> 24);
                out[1] = (byte) (i >> 16);
                out[2] = (byte) (i >> 8);
                out[3] = (byte) i;
                udp.send(out, udpEcho);
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    udp.receive(p);
                } catch (SocketTimeoutException lost) {
                    datagramsLost.incrementAndGet();
                    continue;
                }
                if (p.getLength() != out.length || !Arrays.equals(in, 0, p.getLength(), out, 0, out.length)) {
                    // A stale echo of an earlier, late datagram carries an earlier number: lost, not corrupted.
                    int number = ((in[0] & 0xff) << 24) | ((in[1] & 0xff) << 16) | ((in[2] & 0xff) << 8) | (in[3] & 0xff);
                    if (number < i && p.getLength() >= 4) {
                        datagramsLost.incrementAndGet();
                    } else {
                        corrupted.incrementAndGet();
                    }
                    continue;
                }
                datagramsVerified.incrementAndGet();
            }
        }
        udpSessions.incrementAndGet();
    }

    /** The proxy listens, a peer connects to it, and 1 to 8 chunks go each way. */
    private void bindSession(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int chunks = 1 + random.nextInt(8);
        try (SocksBind bind = chain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Socket peer = new Socket()) {
            peer.connect(bind.boundAddress(), TIMEOUT_MS);
            peer.setSoTimeout(TIMEOUT_MS);
            try (Socket client = bind.accept()) {
                client.setSoTimeout(TIMEOUT_MS);
                exchange(client, peer, random, chunks);
                exchange(peer, client, random, chunks);
            }
        }
        bindSessions.incrementAndGet();
    }

    /** Writes seeded chunks on {@code from} and checks that {@code to} reads exactly them. */
    private void exchange(Socket from, Socket to, SplittableRandom random, int chunks) throws IOException {
        OutputStream out = from.getOutputStream();
        InputStream in = to.getInputStream();
        byte[] sent = new byte[CHUNK];
        byte[] got = new byte[CHUNK];
        for (int c = 0; c < chunks && running; c++) {
            random.nextBytes(sent);
            out.write(sent);
            out.flush();
            int n = in.readNBytes(got, 0, CHUNK);
            if (n < CHUNK) {
                throw new IOException("stream ended after " + n + " of " + CHUNK + " bytes");
            }
            long bad = 0;
            for (int i = 0; i < CHUNK; i++) {
                if (sent[i] != got[i]) {
                    bad++;
                }
            }
            corrupted.addAndGet(bad);
            bytesVerified.addAndGet(CHUNK - bad);
        }
    }

    String summary() {
        return String.format("sessions connect=%d udp=%d bind=%d, verified %d bytes and %d datagrams, "
                        + "corrupted=%d, datagrams lost=%d, failed sessions=%d",
                connectSessions.get(), udpSessions.get(), bindSessions.get(), bytesVerified.get(),
                datagramsVerified.get(), corrupted.get(), datagramsLost.get(), failed.get());
    }
}
