package dev.argyle.server.ident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.IdentConfig;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.Timeouts;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.FakeIdentd;
import dev.argyle.testkit.Pattern;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SOCKS4 requests through a running server whose listener asks a {@link FakeIdentd} on loopback: the reply is
 * 0x5A, 0x5C or 0x5D as RFC 1413 and the SOCKS4 protocol say, the query names the right port pair and comes
 * from the right address, and no identd behaviour (silence, garbage, a flood) holds a session beyond its bounds.
 */
class IdentSocks4Test {
    private static final Duration IDENT_TIMEOUT = Duration.ofMillis(700);

    private EchoServer echo;
    private FakeIdentd identd;
    private RunningServer server;

    @BeforeEach
    void startEcho() throws IOException {
        echo = EchoServer.onLoopback();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (identd != null) {
            identd.close();
        }
        echo.close();
    }

    private void serve(IdentMode mode, int identPort) throws IOException {
        serve(mode, identPort, Timeouts.defaults());
    }

    private void serve(IdentMode mode, int identPort, Timeouts timeouts) throws IOException {
        ServerConfig c = RunningServer.config(AuthMode.NONE, null).withTimeouts(timeouts);
        c = c.withListeners(List.of(c.listeners().get(0).withIdent(new IdentConfig(mode, identPort, IDENT_TIMEOUT))));
        server = RunningServer.start(c);
    }

    private Socks4Reply connect(String userId) throws IOException {
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            return client.connect4(SocksAddress.of(echo.address()), userId);
        }
    }

    @Test
    void verifyGrantsWhenIdentdNamesTheUserIdAndForwardsBytesSentWithTheRequest() throws Exception {
        identd = FakeIdentd.user("alice");
        serve(IdentMode.VERIFY, identd.port());
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            // The request and the first data in one write: the data must wait for the ident answer, not be lost.
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            pipelined.write(new Socks4Request(Command.CONNECT, SocksAddress.of(echo.address()), "alice").toBytes());
            pipelined.write("hello after ident".getBytes(StandardCharsets.US_ASCII));
            client.send(pipelined.toByteArray());
            assertThat(client.read(Socks4Reply.DECODER).status()).isEqualTo(Socks4Status.GRANTED);
            assertThat(new String(client.readBytes(17), StandardCharsets.US_ASCII)).isEqualTo("hello after ident");
            assertThat(client.echo("and more".getBytes(StandardCharsets.US_ASCII))).hasSize(8);

            FakeIdentd.Query q = identd.nextQuery(5000);
            assertThat(q).isNotNull();
            // RFC 1413 section 3: the client's port (on the identd's host) first, then ours; asked from the
            // address the client connected to.
            assertThat(q.portOnServer()).isEqualTo(client.socket().getLocalPort());
            assertThat(q.portOnClient()).isEqualTo(server.port());
            assertThat(q.from().getAddress()).isEqualTo(server.address().getAddress());
            assertThat(identd.nextClose(5000)).as("the query connection is closed after the answer").isNotNull();
        }
        Session s = server.sessions().next();
        assertThat(s.reply()).isEqualTo("0x5a");
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.ident()).isEqualTo("alice");
        assertThat(s.authMethod()).isEqualTo("ident");
        assertThat(AccessLog.format(s)).contains(" auth=ident user=alice ident=alice ");
    }

    @Test
    void megabytesSentAheadWhileTheIdentdThinksArriveWholeAndInOrder() throws Exception {
        // Reading stays on while the server waits (no epoll_ctl pair per session), up to 64 KiB held; past
        // that it stops until the step ends. The identd answers once the client has written far more.
        long size = 2L * 1024 * 1024;
        long answerAfter = 192 * 1024;
        CountDownLatch aheadWritten = new CountDownLatch(1);
        identd = new FakeIdentd(q -> {
            try {
                aheadWritten.await(5, TimeUnit.SECONDS); // bounded: a writer blocked earlier still gets its answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeIdentd.userAnswer(q, "alice");
        });
        serve(IdentMode.VERIFY, identd.port());
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            client.send(new Socks4Request(Command.CONNECT, SocksAddress.of(echo.address()), "alice").toBytes());
            Future<?> written = writer.submit(() -> {
                OutputStream counting = new FilterOutputStream(client.out()) {
                    private long n;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        n += len;
                        if (n >= answerAfter) {
                            aheadWritten.countDown();
                        }
                    }
                };
                Pattern.write(counting, 7, size);
                counting.flush();
                return null;
            });
            assertThat(client.read(Socks4Reply.DECODER).status()).isEqualTo(Socks4Status.GRANTED);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            while (got < size) {
                int n = client.in().read(buf, 0, (int) Math.min(buf.length, size - got));
                assertThat(n).as("echoed bytes before EOF").isPositive();
                sha.update(buf, 0, n);
                got += n;
            }
            written.get(30, TimeUnit.SECONDS);
            assertThat(sha.digest()).isEqualTo(Pattern.digest(7, size));
        } finally {
            writer.shutdownNow();
        }
        assertThat(server.sessions().next().reply()).isEqualTo("0x5a");
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestStillGetsItsAnswerAndItsBytesRelayed() throws Exception {
        CountDownLatch finSent = new CountDownLatch(1);
        identd = new FakeIdentd(q -> {
            try {
                finSent.await(5, TimeUnit.SECONDS); // answer only once the client's FIN is on its way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeIdentd.userAnswer(q, "alice");
        });
        serve(IdentMode.VERIFY, identd.port());
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            client.send(new Socks4Request(Command.CONNECT, SocksAddress.of(echo.address()), "alice"));
            client.send("last words".getBytes(StandardCharsets.US_ASCII));
            client.socket().shutdownOutput(); // FIN while the identd is being asked: not a reason to give up
            finSent.countDown();
            assertThat(client.read(Socks4Reply.DECODER).status()).isEqualTo(Socks4Status.GRANTED);
            assertThat(new String(client.in().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("last words");
        }
    }

    @Test
    void overIpv6TheQueryGoesToTheClientsAddressFromTheListenersAddress() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(ipv6LoopbackConfigured(), "::1 is not configured on this machine");
        identd = new FakeIdentd(v6, q -> FakeIdentd.userAnswer(q, "alice"));
        ServerConfig c = RunningServer.config(AuthMode.NONE, null);
        c = c.withListeners(List.of(new ListenerConfig(new InetSocketAddress(v6, 0), AuthMode.NONE, false,
                new IdentConfig(IdentMode.VERIFY, identd.port(), IDENT_TIMEOUT))));
        server = RunningServer.start(c);
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.GRANTED);
        FakeIdentd.Query q = identd.nextQuery(5000);
        assertThat(q.from().getAddress()).isEqualTo(v6);
        assertThat(server.sessions().next().ident()).isEqualTo("alice");
    }

    private static boolean ipv6LoopbackConfigured() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void verifyRefusesWith5dWhenIdentdNamesAnotherUser() throws Exception {
        identd = FakeIdentd.user("bob");
        serve(IdentMode.VERIFY, identd.port());
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_MISMATCH);
        Session s = server.sessions().next();
        assertThat(s.reply()).isEqualTo("0x5d");
        assertThat(s.ident()).isEqualTo("bob");
        assertThat(s.error()).contains("identd reports user 'bob'", "USERID is 'alice'");
        assertThat(echo.accepted()).as("the destination is never contacted").isZero();
    }

    @Test
    void verifyRefusesAnEmptyUserIdWith5d() throws Exception {
        identd = FakeIdentd.user("alice");
        serve(IdentMode.VERIFY, identd.port());
        assertThat(connect("").status()).isEqualTo(Socks4Status.IDENT_MISMATCH);
    }

    @Test
    void verifyRefusesWith5cOnAnErrorAnswer() throws Exception {
        identd = FakeIdentd.error("NO-USER");
        serve(IdentMode.VERIFY, identd.port());
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        Session s = server.sessions().next();
        assertThat(s.reply()).isEqualTo("0x5c");
        assertThat(s.ident()).isNull();
        assertThat(s.error()).isEqualTo("identd: ERROR NO-USER");
    }

    @Test
    void verifyRefusesWith5cOnGarbage() throws Exception {
        identd = FakeIdentd.raw(FakeIdentd.ascii("HTTP/1.1 400 Bad Request\r\n\r\n"));
        serve(IdentMode.VERIFY, identd.port());
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        assertThat(server.sessions().next().error()).startsWith("malformed identd answer");
    }

    @Test
    void verifyRefusesWith5cWhenTheAnswerIsForAnotherPortPair() throws Exception {
        identd = FakeIdentd.raw(FakeIdentd.ascii("1, 2 : USERID : UNIX : alice\r\n"));
        serve(IdentMode.VERIFY, identd.port());
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        assertThat(server.sessions().next().error()).startsWith("identd answered for ports 1, 2 instead of");
    }

    @Test
    void verifyRefusesWith5cOnAnAnswerWithoutEndOfLineBeyond1000Bytes() throws Exception {
        byte[] flood = new byte[64 * 1024];
        java.util.Arrays.fill(flood, (byte) 'a');
        identd = FakeIdentd.raw(flood);
        serve(IdentMode.VERIFY, identd.port());
        long start = System.nanoTime();
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused at the cap, not at the timeout")
                .isLessThan(IDENT_TIMEOUT);
        assertThat(server.sessions().next().error()).isEqualTo("identd answer longer than 1000 bytes without an end of line");
    }

    @Test
    void verifyRefusesWith5cWhenTheIdentdClosesBeforeTheEndOfLine() throws Exception {
        identd = FakeIdentd.cutShort(q -> FakeIdentd.ascii(q + " : USERID : UNIX : ali"));
        serve(IdentMode.VERIFY, identd.port());
        long start = System.nanoTime();
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDENT_TIMEOUT);
        assertThat(server.sessions().next().error()).isEqualTo("identd closed the connection without a complete answer");
    }

    @Test
    void verifyRefusesWith5cAfterTheIdentTimeoutWhenIdentdNeverAnswers() throws Exception {
        identd = FakeIdentd.silent();
        serve(IdentMode.VERIFY, identd.port());
        long start = System.nanoTime();
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(IDENT_TIMEOUT.minusMillis(50)).isLessThan(IDENT_TIMEOUT.plusSeconds(3));
        assertThat(identd.nextClose(5000)).as("the query connection is closed at the timeout").isNotNull();
        assertThat(server.sessions().next().error()).isEqualTo("identd gave no answer within 700 ms");
    }

    @Test
    void verifyRefusesWith5cQuicklyWhenNothingListensOnTheIdentPort() throws Exception {
        serve(IdentMode.VERIFY, FakeIdentd.closedPort());
        long start = System.nanoTime();
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDENT_TIMEOUT);
        assertThat(server.sessions().next().error()).startsWith("cannot connect to identd at 127.0.0.1 port ");
    }

    @Test
    void logModeNeverRefusesAndRecordsWhatIdentdSaid() throws Exception {
        identd = FakeIdentd.user("bob");
        serve(IdentMode.LOG, identd.port());
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.GRANTED);
        Session s = server.sessions().next();
        assertThat(s.user()).isEqualTo("alice");
        assertThat(s.ident()).isEqualTo("bob");
        assertThat(s.authMethod()).isEqualTo("-");
        assertThat(AccessLog.format(s)).contains(" user=alice ident=bob ");
    }

    @Test
    void logModeGrantsWhenThereIsNoIdentdAndLogsADash() throws Exception {
        serve(IdentMode.LOG, FakeIdentd.closedPort());
        assertThat(connect("alice").status()).isEqualTo(Socks4Status.GRANTED);
        Session s = server.sessions().next();
        assertThat(s.ident()).isNull();
        assertThat(s.error()).isNull();
        assertThat(AccessLog.format(s)).contains(" ident=- ");
    }

    @Test
    void socks5IsNeverAskedAbout() throws Exception {
        identd = FakeIdentd.silent();
        serve(IdentMode.VERIFY, identd.port());
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            assertThat(client.connect5(SocksAddress.of(echo.address())).reply().code()).isZero();
        }
        assertThat(identd.nextQuery(200)).isNull();
    }

    @Test
    void aClientThatGoesAwayCancelsTheQuery() throws Exception {
        identd = FakeIdentd.silent();
        Duration longIdent = Duration.ofSeconds(8);
        ServerConfig c = RunningServer.config(AuthMode.NONE, null).withTimeouts(Timeouts.defaults()
                .withHandshake(Duration.ofSeconds(20)));
        c = c.withListeners(List.of(c.listeners().get(0).withIdent(new IdentConfig(IdentMode.VERIFY, identd.port(), longIdent))));
        server = RunningServer.start(c);
        ScriptedSocksClient client = new ScriptedSocksClient(server.address());
        client.send(new Socks4Request(Command.CONNECT, SocksAddress.of(echo.address()), "alice"));
        assertThat(identd.nextQuery(5000)).isNotNull();
        client.socket().setSoLinger(true, 0); // an abortive close: the server sees the connection gone
        long closedAt = System.nanoTime();
        client.close();
        Long queryClosed = identd.nextClose(5000);
        assertThat(queryClosed).as("the ident query is abandoned with the client").isNotNull();
        assertThat(Duration.ofNanos(queryClosed - closedAt)).isLessThan(longIdent);
        assertThat(server.sessions().next().error()).contains("Connection reset by peer");
    }

    @Test
    void theHandshakeTimeoutStillBoundsASessionWaitingForIdentd() throws Exception {
        identd = FakeIdentd.silent();
        Duration handshake = Duration.ofMillis(300);
        ServerConfig c = RunningServer.config(AuthMode.NONE, null).withTimeouts(Timeouts.defaults().withHandshake(handshake));
        c = c.withListeners(List.of(c.listeners().get(0).withIdent(
                new IdentConfig(IdentMode.VERIFY, identd.port(), Duration.ofSeconds(8)))));
        server = RunningServer.start(c);
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            long start = System.nanoTime();
            client.send(new Socks4Request(Command.CONNECT, SocksAddress.of(echo.address()), "alice"));
            assertThat(client.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(identd.nextClose(5000)).isNotNull();
        assertThat(server.sessions().next().error()).isEqualTo("handshake timeout");
    }
}
