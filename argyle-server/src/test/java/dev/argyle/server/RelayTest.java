package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.Timeouts;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.Pattern;
import dev.argyle.testkit.ScriptedSocksClient;
import dev.argyle.testkit.TransferServer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay end to end on loopback: integrity, half-close, pipelining, concurrency, timeouts. Runs once per
 * relay implementation (see the subclasses), because both must keep every promise.
 */
abstract class RelayTest {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private RunningServer server;
    private EchoServer echo;

    /** "splice" or "copy", as -Dargyle.relay takes it. */
    abstract String relay();

    /** System properties besides the relay's for the server under test (transport, event loop tuning). */
    Map<String, String> serverProperties() {
        return Map.of();
    }

    @BeforeEach
    void start() throws Exception {
        server = startServer(RunningServer.config(AuthMode.NONE, null));
        echo = EchoServer.onLoopback();
    }

    private RunningServer startServer(dev.argyle.server.config.ServerConfig config) throws Exception {
        System.setProperty("argyle.relay", relay());
        serverProperties().forEach(System::setProperty);
        try {
            return RunningServer.start(config);
        } finally {
            System.clearProperty("argyle.relay");
            serverProperties().keySet().forEach(System::clearProperty);
        }
    }

    /** The transport the server must be on: what it would choose unasked, unless a subclass asks for another. */
    Transport expectedTransport() {
        return Transport.best();
    }

    @Test
    void runsOnTheTransportAskedFor() {
        assertThat(server.server().transport()).isEqualTo(expectedTransport());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    @Test
    void hundredMegabytesUpWithChecksum() throws Exception {
        try (TransferServer target = new TransferServer(InetAddress.getLoopbackAddress());
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.connect5(SocksAddress.of(target.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.socket().setSoTimeout(60_000);
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('U');
            out.writeLong(HUNDRED_MB);
            out.writeLong(42);
            Pattern.write(out, 42, HUNDRED_MB);
            assertThat(c.readBytes(32)).isEqualTo(Pattern.digest(42, HUNDRED_MB));
        }
        Session s = server.sessions().next();
        assertThat(s.bytesUp()).isEqualTo(17 + HUNDRED_MB);
        assertThat(s.bytesDown()).isEqualTo(32);
    }

    @Test
    void hundredMegabytesDownWithChecksum() throws Exception {
        try (TransferServer target = new TransferServer(InetAddress.getLoopbackAddress());
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.connect5(SocksAddress.of(target.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.socket().setSoTimeout(60_000);
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('D');
            out.writeLong(HUNDRED_MB);
            out.writeLong(7);
            out.flush();
            MessageDigest sha = TransferServer.sha256();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            InputStream in = c.in();
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(HUNDRED_MB);
            assertThat(sha.digest()).isEqualTo(Pattern.digest(7, HUNDRED_MB));
        }
        assertThat(server.sessions().next().bytesDown()).isEqualTo(HUNDRED_MB);
    }

    @Test
    void downloadAfterTheClientHalfClosedIsComplete() throws Exception {
        // The client sends its request and FIN at once, then reads a large answer: the proxy keeps writing to a
        // socket whose input is finished, and must wait for it to drain many times over.
        long size = 32L * 1024 * 1024;
        try (TransferServer target = new TransferServer(InetAddress.getLoopbackAddress());
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.connect5(SocksAddress.of(target.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.socket().setSoTimeout(60_000);
            c.socket().setReceiveBufferSize(32 * 1024);
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('D');
            out.writeLong(size);
            out.writeLong(5);
            out.flush();
            c.socket().shutdownOutput();
            assertThat(TransferServerDigest.of(c.in())).isEqualTo(Pattern.digest(5, size));
        }
        Session s = server.sessions().next();
        assertThat(s.bytesDown()).isEqualTo(size);
        assertThat(s.error()).isNull();
    }

    @Test
    void halfCloseStillDeliversTheWholeReply() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024];
        new java.util.Random(1).nextBytes(data);
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            c.connect5(SocksAddress.of(echo.address()));
            c.send(data);
            c.socket().shutdownOutput(); // FIN: the echo server sees EOF only after all of data
            byte[] back = c.in().readAllBytes(); // ends at the echo server's FIN, passed on by the relay
            assertThat(back).isEqualTo(data);
        }
        Session s = server.sessions().next();
        assertThat(s.bytesUp()).isEqualTo(data.length);
        assertThat(s.bytesDown()).isEqualTo(data.length);
        assertThat(s.error()).isNull();
    }

    @Test
    void handshakeFedOneByteAtATime() throws Exception {
        byte[] all = concat(Socks5Greeting.of(AuthMethod.NO_AUTH).toBytes(),
                new Socks5Request(Command.CONNECT, SocksAddress.of(echo.address())).toBytes());
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            for (int i = 0; i < 3; i++) {
                c.send(all[i]);
            }
            assertThat(c.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_AUTH);
            for (int i = 3; i < all.length; i++) {
                c.send(all[i]);
            }
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.echo("split".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void greetingRequestAndDataInOneWriteLoseNothing() throws Exception {
        byte[] payload = "optimistic data sent before the reply".getBytes(StandardCharsets.US_ASCII);
        byte[] all = concat(Socks5Greeting.of(AuthMethod.NO_AUTH).toBytes(),
                new Socks5Request(Command.CONNECT, SocksAddress.of(echo.address())).toBytes(), payload);
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            c.send(all);
            c.read(Socks5MethodChoice.DECODER);
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertThat(c.readBytes(payload.length)).isEqualTo(payload);
        }
    }

    @Test
    void requestThenImmediateFinStillRelaysAndAnswers() throws Exception {
        byte[] payload = "request, data, FIN, all before the connect finished".getBytes(StandardCharsets.US_ASCII);
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            c.send(concat(Socks5Greeting.of(AuthMethod.NO_AUTH).toBytes(),
                    new Socks5Request(Command.CONNECT, SocksAddress.of(echo.address())).toBytes(), payload));
            c.socket().shutdownOutput();
            c.read(Socks5MethodChoice.DECODER);
            assertThat(c.read(Socks5Reply.DECODER).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            assertThat(c.in().readAllBytes()).isEqualTo(payload);
        }
    }

    @Test
    void fiveHundredConcurrentSessions() throws Exception {
        int sessions = 500;
        List<ScriptedSocksClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                ScriptedSocksClient c = new ScriptedSocksClient(server.address());
                clients.add(c);
                c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
                c.send(new Socks5Request(Command.CONNECT, SocksAddress.of(echo.address())));
            }
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                ScriptedSocksClient c = clients.get(i);
                byte[] msg = ("session " + i).getBytes(StandardCharsets.US_ASCII);
                results.add(pool.submit(() -> {
                    c.read(Socks5MethodChoice.DECODER);
                    if (!c.read(Socks5Reply.DECODER).reply().isSuccess()) {
                        return false;
                    }
                    c.echo(msg);
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
            pool.shutdown();
            assertThat(echo.accepted()).isEqualTo(sessions);
        } finally {
            for (ScriptedSocksClient c : clients) {
                c.close();
            }
        }
        for (int i = 0; i < sessions; i++) {
            assertThat(server.sessions().next().reply()).isEqualTo("0x00");
        }
    }

    @Test
    void idleTimeoutClosesBothSides() throws Exception {
        server.close();
        server = startServer(RunningServer.config(AuthMode.NONE, null).withTimeouts(
                new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5))));
        try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            c.connect5(SocksAddress.of(echo.address()));
            c.echo("x".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.sessions().next().error()).isEqualTo("idle timeout");
    }

    @Test
    void finArrivingWhileTheDestinationIsBackedUpLosesNothing() throws Exception {
        // The destination reads nothing until the client has sent everything and its FIN, so the proxy's
        // buffers (and, on the splice path, its pipe) are full when the FIN arrives: the bytes still in the
        // proxy's socket must be relayed, not dropped.
        long size = 3L * 1024 * 1024;
        java.util.concurrent.CountDownLatch clientDone = new java.util.concurrent.CountDownLatch(1);
        try (java.net.ServerSocket slow = new java.net.ServerSocket()) {
            slow.setReceiveBufferSize(4096);
            slow.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<byte[]> received = Executors.newSingleThreadExecutor().submit(() -> {
                try (java.net.Socket s = slow.accept()) {
                    if (!clientDone.await(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("client never finished writing");
                    }
                    return TransferServerDigest.of(s.getInputStream());
                }
            });
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                c.connect5(SocksAddress.of((java.net.InetSocketAddress) slow.getLocalSocketAddress()));
                Pattern.write(c.out(), 99, size);
                c.socket().shutdownOutput();
                clientDone.countDown();
                assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(Pattern.digest(99, size));
            }
        }
        assertThat(server.sessions().next().bytesUp()).isEqualTo(size);
    }

    /** SHA-256 of a stream read to its end. */
    static final class TransferServerDigest {
        static byte[] of(InputStream in) throws java.io.IOException {
            MessageDigest sha = TransferServer.sha256();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
            }
            return sha.digest();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

}
