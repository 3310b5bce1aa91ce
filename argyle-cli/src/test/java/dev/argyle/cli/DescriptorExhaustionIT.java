package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged server under {@code prlimit --nofile=512:512}, driven past its descriptor limit by idle
 * connections, on epoll and on NIO: it sheds (closes new connections at once) or, with shedding off, pauses
 * accepting; it logs once per interval, does not spin, gives sessions that cannot open an outbound socket a
 * proper failure reply, and recovers fully when the load goes away.
 */
class DescriptorExhaustionIT {
    private static final int LIMIT = 512;
    private static final Duration START = Duration.ofSeconds(30);
    /** The server logs each kind of overload at most once per 10 s. */
    private static final long LOG_INTERVAL_MS = 10_000;
    /** Well under one core: a spinning accept loop takes a whole one. */
    private static final double MAX_CPU_SHARE = 0.30;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void idleFloodIsShedWithoutSpinningAndTheServerRecovers(String transport) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             Limited argyle = Limited.start(transport, List.of())) {
            int baseline = argyle.settledDescriptors(echo);
            long floodStart = System.currentTimeMillis();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * LIMIT; i++) {
                    idle.add(argyle.connect());
                }
                argyle.awaitDescriptors(n -> n >= LIMIT * 8 / 10, "near the limit");
                argyle.process.awaitLine("descriptors nearly exhausted", Duration.ofSeconds(10));

                // New connections are closed at once, before any answer. The flood may leave the count a few
                // under the threshold (a sample taken while NIO's listener still holds a batch of accepted
                // sockets counts them too), so the first new ones may rightly be served: they are kept open, as
                // a real client's would be, and once the threshold is reached every new one must be shed.
                int shed = 0;
                int served = 0;
                int shedInARow = 0;
                for (int i = 0; i < 60 && shedInARow < 20; i++) {
                    Socket s = argyle.connect();
                    s.setSoTimeout(5_000);
                    s.getOutputStream().write(new byte[] {5, 1, 0});
                    long t0 = System.nanoTime();
                    if (readEndsWithoutAnswer(s)) {
                        shed++;
                        shedInARow++;
                        s.close();
                    } else {
                        served++;
                        shedInARow = 0;
                        idle.add(s);
                    }
                    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);
                }
                System.out.printf("HARDENING descriptors %s: %d new connections served, %d shed, the last %d in a row%n",
                        transport, served, shed, shedInARow);
                assertThat(shedInARow).as("new connections closed without an answer, in a row").isEqualTo(20);
                assertThat(served).as("served before the threshold").isLessThanOrEqualTo(32);
                assertNotSpinning(argyle, "descriptors " + transport, baseline);
                // Shedding keeps the reserve (a tenth of the limit) free for outbound sockets.
                assertThat(ProcStats.openDescriptors(argyle.pid())).isLessThan(LIMIT - 16);
            } finally {
                closeAll(idle);
            }
            assertLoggedOncePerInterval(argyle.process, "descriptors nearly exhausted", floodStart);
            argyle.assertRecovered(baseline, echo);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void withoutSheddingAFailingAcceptBacksOffInsteadOfSpinning(String transport) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             Limited argyle = Limited.start(transport, List.of("-Dargyle.descriptorReserve=0"))) {
            int baseline = argyle.settledDescriptors(echo);
            long floodStart = System.currentTimeMillis();
            List<Socket> idle = new ArrayList<>();
            try {
                // More than the backlog can hold with the limit reached: some wait in it, the rest time out.
                for (int i = 0; i < 2 * LIMIT; i++) {
                    idle.add(argyle.connect());
                }
                argyle.awaitDescriptors(n -> n >= LIMIT, "at the limit");
                argyle.process.awaitLine("accept failed", Duration.ofSeconds(10));
                assertNotSpinning(argyle, "accept EMFILE " + transport, baseline);
            } finally {
                closeAll(idle);
            }
            assertLoggedOncePerInterval(argyle.process, "accept failed", floodStart);
            assertThat(argyle.process.stderr()).doesNotContain("exceptionCaught() event was fired");
            argyle.assertRecovered(baseline, echo);
        }
    }

    /** Measures the saturated server's CPU share over 2 s, prints it with the descriptor counts, and bounds it. */
    private static void assertNotSpinning(Limited argyle, String what, int baseline)
            throws IOException, InterruptedException {
        double cpu = ProcStats.cpuShare(argyle.pid(), 2_000);
        System.out.printf("HARDENING %s: baseline %d fds, saturated %d fds, cpu %.1f %%%n",
                what, baseline, ProcStats.openDescriptors(argyle.pid()), cpu * 100);
        assertThat(cpu).isLessThan(MAX_CPU_SHARE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "nio"})
    void aSessionThatCannotOpenItsOutboundSocketGetsAFailureReply(String transport) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             Limited argyle = Limited.start(transport, List.of("-Dargyle.descriptorReserve=0"))) {
            int baseline = argyle.settledDescriptors(echo);
            List<Socket> idle = new ArrayList<>();
            try {
                // One idle connection at a time until the server has exactly one descriptor left: the next
                // client is accepted, and then its CONNECT, UDP ASSOCIATE or BIND cannot open a socket.
                int open = ProcStats.openDescriptors(argyle.pid());
                while (open < LIMIT - 1 && idle.size() < LIMIT) {
                    idle.add(argyle.connect());
                    int expected = Math.min(LIMIT - 1, baseline + idle.size());
                    open = argyle.awaitDescriptorsFor(n -> n >= expected, Duration.ofSeconds(2));
                }
                // A connection accepted late (NIO's accept can lag the client's connect on a busy machine) may
                // still take the last descriptor: settle on exactly one free, closing an idle one if needed.
                for (int tries = 0; tries < 5 && open != LIMIT - 1; tries++) {
                    if (open >= LIMIT && !idle.isEmpty()) {
                        idle.remove(idle.size() - 1).close();
                    }
                    open = argyle.awaitDescriptorsFor(n -> n == LIMIT - 1, Duration.ofSeconds(1));
                }
                assertThat(open).as("descriptors open with one left").isEqualTo(LIMIT - 1);
                for (Command command : List.of(Command.CONNECT, Command.UDP_ASSOCIATE, Command.BIND)) {
                    SocksAddress destination = command.equals(Command.UDP_ASSOCIATE)
                            ? SocksAddress.unspecifiedIpv4() : SocksAddress.of(echo.address());
                    try (ScriptedSocksClient client = new ScriptedSocksClient(argyle.proxy)) {
                        client.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
                        assertThat(client.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_AUTH);
                        client.send(new Socks5Request(command, destination));
                        Socks5Reply reply = client.read(Socks5Reply.DECODER);
                        assertThat(reply.reply()).as(command.toString()).isEqualTo(ReplyCode.GENERAL_FAILURE);
                        assertThat(client.closedByServer()).isTrue();
                    }
                    argyle.awaitDescriptors(n -> n <= LIMIT - 1, "the failed session's descriptor closed");
                }
            } finally {
                closeAll(idle);
            }
            // The access log names each refusal: reply 0x01, and socket() failing with EMFILE ("cannot open a socket:
            // ... Too many open files" for CONNECT; "Unable to create Channel" where Netty's own factory wraps it).
            // The access log is written in batches (every 20 ms): wait for the last session's line.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(argyle.process.stderr().lines()
                            .filter(l -> l.contains("reply=0x01")
                                    && (l.contains("Unable_to_create_Channel") || l.contains("Too_many_open_files"))).count())
                            .as("failure replies for want of a socket, among:%n%s", argyle.process.stderr().lines()
                                    .filter(l -> l.contains("reply=0x01")).collect(java.util.stream.Collectors.joining("\n")))
                            .isGreaterThanOrEqualTo(3));
            argyle.assertRecovered(baseline, echo);
        }
    }

    /** True if the server closes (EOF or reset) without sending a byte; false if it answers. */
    private static boolean readEndsWithoutAnswer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException neither) {
            throw neither;
        } catch (IOException reset) {
            return true;
        }
    }

    private static void assertLoggedOncePerInterval(ServerProcess process, String text, long sinceMillis) {
        long elapsed = System.currentTimeMillis() - sinceMillis;
        long lines = process.countLines(text);
        assertThat(lines).as("'%s' lines in %d ms", text, elapsed).isBetween(1L, 2 + elapsed / LOG_INTERVAL_MS);
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all we want.
            }
        }
    }

    /** The server process under the descriptor limit, and how to reach it. */
    private static final class Limited implements AutoCloseable {
        final ServerProcess process;
        final InetSocketAddress proxy;

        private Limited(ServerProcess process, InetSocketAddress proxy) {
            this.process = process;
            this.proxy = proxy;
        }

        static Limited start(String transport, List<String> jvmArgs) throws Exception {
            int port = ServerProcess.freePort();
            List<String> jvm = new ArrayList<>(List.of("-Xmx128m", "-Dargyle.transport=" + transport));
            jvm.addAll(jvmArgs);
            String prlimit = dev.argyle.testkit.ExternalProgram.require("prlimit", "util-linux");
            ServerProcess p = ServerProcess.startWith(List.of(prlimit, "--nofile=" + LIMIT + ":" + LIMIT), jvm,
                    "serve", "--listen", "127.0.0.1:" + port, "--handshake-timeout", "120s",
                    // Its descriptor budget is counted to the last one; the control socket is not part of it.
                    "--control-socket", "off");
            try {
                p.awaitLine("started: transport " + transport, START);
                p.awaitLine("listening on", Duration.ofSeconds(5));
            } catch (AssertionError | InterruptedException e) {
                p.close();
                throw e;
            }
            return new Limited(p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }

        long pid() {
            return process.pid();
        }

        Socket connect() throws IOException {
            Socket s = new Socket();
            s.connect(proxy, 10_000);
            return s;
        }

        /** One session through the proxy, then the descriptor count once it stops changing. */
        int settledDescriptors(EchoServer echo) throws Exception {
            session(echo);
            int last = -1;
            for (int i = 0; i < 50; i++) {
                int now = ProcStats.openDescriptors(pid());
                if (now == last) {
                    return now;
                }
                last = now;
                waitMillis(100);
            }
            return last;
        }

        void session(EchoServer echo) throws IOException {
            try (ScriptedSocksClient c = new ScriptedSocksClient(proxy)) {
                assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
                c.echo("through the proxy".getBytes(StandardCharsets.US_ASCII));
            }
        }

        /** Waits up to {@code timeout} for the condition; returns the count either way. */
        int awaitDescriptorsFor(IntPredicate condition, Duration timeout) throws Exception {
            try {
                return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                        .until(() -> ProcStats.openDescriptors(pid()), condition::test);
            } catch (org.awaitility.core.ConditionTimeoutException notYet) {
                return ProcStats.openDescriptors(pid());
            }
        }

        void awaitDescriptors(IntPredicate condition, String what) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> {
                        int n = ProcStats.openDescriptors(pid());
                        if (!condition.test(n)) {
                            throw new AssertionError("descriptors not " + what + ": " + n + "; stderr:\n" + process.stderr());
                        }
                    });
        }

        /** Descriptors back to (about) where they started, and new sessions work. */
        void assertRecovered(int baseline, EchoServer echo) throws Exception {
            awaitDescriptors(n -> n <= baseline + 4, "back to the baseline " + baseline);
            for (int i = 0; i < 20; i++) {
                session(echo);
            }
            assertThat(process.process().isAlive()).isTrue();
            assertThat(process.stderr()).doesNotContain("OutOfMemoryError", "Exception in thread");
        }

        /** Polling interval for /proc; bounded by the callers' deadlines. */
        private static void waitMillis(long ms) throws InterruptedException {
            Thread.sleep(ms);
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
            // For the report: what the server said besides the access log.
            process.stderr().lines().filter(l -> !l.contains("argyle.access")).limit(60)
                    .forEach(l -> System.out.println("server: " + l));
        }
    }
}
