package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.Pattern;
import dev.argyle.testkit.ScriptedSocksClient;
import dev.argyle.testkit.TransferServer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged server with 16 MiB of direct memory ({@code -XX:MaxDirectMemorySize=16m}) and 150 sessions
 * whose destinations send as fast as they can to clients that never read: each session may buffer up to the
 * write-buffer high-water mark (256 KiB) plus a read, so together they want several times the cap. When an
 * allocation fails, that session is closed, the event loops go on, the server logs once per interval and
 * does not spin; when the clients go away, descriptors come back and new sessions carry data intact.
 * Run with the copying relay on epoll and on NIO (the default relay on epoll splices bulk transfers through
 * the kernel and needs little direct memory).
 */
class DirectMemoryExhaustionIT {
    private static final int SESSIONS = 150;
    private static final long LOG_INTERVAL_MS = 10_000;

    @ParameterizedTest
    @ValueSource(strings = {"-Dargyle.relay=copy", "-Dargyle.transport=nio"})
    void sessionsThatCannotAllocateAreClosedAndTheServerRecovers(String mode) throws Exception {
        int port = ServerProcess.freePort();
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        List<Socket> clients = new ArrayList<>();
        try (EchoServer echo = EchoServer.onLoopback();
             TransferServer flood = new TransferServer(InetAddress.getLoopbackAddress());
             ServerProcess argyle = ServerProcess.startWith(List.of(),
                     List.of("-Xmx128m", "-XX:MaxDirectMemorySize=16m", mode),
                     "serve", "--listen", "127.0.0.1:" + port)) {
            try {
                argyle.awaitLine("listening on", Duration.ofSeconds(30));
                long pid = argyle.pid();
                session(proxy, echo);
                int baseline = ProcStats.openDescriptors(pid);
                long start = System.currentTimeMillis();
                int refused = 0;
                for (int i = 0; i < SESSIONS; i++) {
                    try {
                        clients.add(neverReadingDownload(proxy, flood.address(), i));
                    } catch (IOException closedForWantOfMemory) {
                        refused++;
                    }
                }
                argyle.awaitLine("out of memory for buffers", Duration.ofSeconds(60));
                double cpu = ProcStats.cpuShare(pid, 2_000);
                System.out.printf("HARDENING direct memory %s: %d of %d sessions refused at setup, cpu %.1f %% "
                        + "while exhausted, %d 'out of memory' line(s)%n", mode, refused, SESSIONS, cpu * 100,
                        argyle.countLines("out of memory for buffers"));
                assertThat(cpu).isLessThan(0.30);
                closeAll(clients);

                long elapsed = System.currentTimeMillis() - start;
                assertThat(argyle.countLines("out of memory for buffers")).isBetween(1L, 2 + elapsed / LOG_INTERVAL_MS);
                awaitDescriptors(pid, baseline + 4);
                for (int i = 0; i < 20; i++) {
                    session(proxy, echo);
                }
                verifiedDownload(proxy, flood.address(), 8L << 20);
                assertThat(argyle.process().isAlive()).isTrue();
                assertThat(argyle.stderr()).doesNotContain("Exception in thread");
            } finally {
                closeAll(clients);
                argyle.stderr().lines().filter(l -> !l.contains("argyle.access")).limit(60)
                        .forEach(l -> System.out.println("server: " + l));
            }
        }
    }

    /** CONNECT to the transfer server, ask for a practically endless download, and never read it. */
    private static Socket neverReadingDownload(InetSocketAddress proxy, InetSocketAddress target, long seed)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setReceiveBufferSize(4096);
            s.connect(proxy, 10_000);
            s.setSoTimeout(10_000);
            requestDownload(s, target, seed, 1L << 40);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static void requestDownload(Socket s, InetSocketAddress target, long seed, long length) throws IOException {
        var out = new DataOutputStream(s.getOutputStream());
        InputStream in = s.getInputStream();
        out.write(new byte[] {5, 1, 0});
        if (in.readNBytes(2).length != 2) {
            throw new IOException("closed before the method choice");
        }
        ByteBuffer request = ByteBuffer.allocate(10).put(new byte[] {5, 1, 0, 1})
                .put(target.getAddress().getAddress()).putShort((short) target.getPort());
        out.write(request.array());
        byte[] reply = in.readNBytes(10);
        if (reply.length != 10 || reply[1] != 0) {
            throw new IOException("CONNECT refused or closed");
        }
        out.writeByte('D');
        out.writeLong(length);
        out.writeLong(seed);
        out.flush();
    }

    private static void verifiedDownload(InetSocketAddress proxy, InetSocketAddress target, long length)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(proxy, 10_000);
            s.setSoTimeout(20_000);
            requestDownload(s, target, 42, length);
            var sha = TransferServer.sha256();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(length);
            assertThat(sha.digest()).isEqualTo(Pattern.digest(42, length));
        }
    }

    private static void session(InetSocketAddress proxy, EchoServer echo) throws IOException {
        try (ScriptedSocksClient c = new ScriptedSocksClient(proxy)) {
            assertThat(c.connect5(SocksAddress.of(echo.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.echo("after the memory ran out".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void awaitDescriptors(long pid, int atMost) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(ProcStats.openDescriptors(pid)).as("descriptors back to the baseline")
                        .isLessThanOrEqualTo(atMost));
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all we want.
            }
        }
        sockets.clear();
    }
}
