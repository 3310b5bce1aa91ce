package dev.argyle.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow-drip clients (one byte every 200 ms, so never idle for long) are closed when the handshake timeout runs
 * out: it bounds the whole handshake from accept, not the gaps between bytes.
 */
class SlowDripTest {
    private static final Duration HANDSHAKE = Duration.ofMillis(1500);
    private static final long DRIP_MILLIS = 200;
    private static final int CLIENTS = 8;

    private RunningServer server;
    private ScheduledExecutorService timer;
    private ExecutorService readers;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(Hostile.config(HANDSHAKE));
        timer = Executors.newScheduledThreadPool(2);
        readers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        timer.shutdownNow();
        readers.shutdownNow();
        server.close();
    }

    @Test
    void aGreetingDrippedOneByteEvery200msIsClosedByTheHandshakeTimeout() throws Exception {
        // 255 methods: 257 bytes, 51 s at this pace.
        List<AuthMethod> methods = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            methods.add(AuthMethod.of(0x80 + i % 0x7F));
        }
        byte[] greeting = new Socks5Greeting(methods).toBytes();
        for (DripClient.Closed c : dripAll(greeting)) {
            assertThat(c.received()).as("no answer to an unfinished greeting").isEmpty();
            assertThat(c.dripped()).isBetween(2, greeting.length - 1);
        }
        assertReapedByTheTimeout();
    }

    @Test
    void aWholeHandshakeDrippedSlowlyIsClosedMidRequest() throws Exception {
        // The greeting (3 bytes) completes after 0.4 s and is answered; the request (10 bytes) would take 2 s more.
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.writeBytes(Socks5Greeting.of(AuthMethod.NO_AUTH).toBytes());
        handshake.writeBytes(new Socks5Request(Command.CONNECT,
                SocksAddress.of(InetAddress.getLoopbackAddress(), 9)).toBytes());
        for (DripClient.Closed c : dripAll(handshake.toByteArray())) {
            assertThat(c.received()).as("the method choice, then the close").containsExactly(5, 0);
            assertThat(c.dripped()).isBetween(4, handshake.size() - 1);
        }
        assertReapedByTheTimeout();
    }

    private List<DripClient.Closed> dripAll(byte[] bytes) throws Exception {
        List<DripClient> clients = new ArrayList<>();
        List<DripClient.Closed> closed = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new DripClient(server.address(), bytes, DRIP_MILLIS, timer, readers));
            }
            for (DripClient c : clients) {
                DripClient.Closed done = c.closed().get(HANDSHAKE.toMillis() + 10_000, TimeUnit.MILLISECONDS);
                Duration after = Duration.ofNanos(done.afterNanos());
                assertThat(after).as("closed after").isBetween(HANDSHAKE.minusMillis(20), HANDSHAKE.plusSeconds(1));
                closed.add(done);
            }
        } finally {
            for (DripClient c : clients) {
                c.close();
            }
        }
        System.out.printf("HARDENING slow-drip: %d clients at one byte per %d ms closed after %s ms (timeout %d ms),"
                        + " having sent %s of %d bytes%n", CLIENTS, DRIP_MILLIS,
                closed.stream().map(c -> String.valueOf(c.afterNanos() / 1_000_000)).toList(), HANDSHAKE.toMillis(),
                closed.stream().map(c -> String.valueOf(c.dripped())).toList(), bytes.length);
        return closed;
    }

    private void assertReapedByTheTimeout() throws Exception {
        List<Session> ended = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ended.add(server.sessions().next());
        }
        assertThat(ended).extracting(Session::error).containsOnly("handshake timeout");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openChannels() == 0);
    }
}
