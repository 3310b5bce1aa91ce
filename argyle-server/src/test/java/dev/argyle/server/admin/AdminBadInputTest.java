package dev.argyle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.testkit.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile admin clients (oversized, slow, garbage, too many connections) get a clean refusal and a close, while a
 * SOCKS session keeps transferring intact through all of it.
 */
class AdminBadInputTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);

    @Test
    void badAdminRequestsAreRefusedAndTheSocksSessionIsUndisturbed(@TempDir Path dir) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(AdminSetup.config(dir, false, REQUEST_TIMEOUT));
             LiveTransfer session = new LiveTransfer(server.address(), SocksAddress.of(echo.address()), "alice", "secret")) {
            InetSocketAddress admin = server.server().adminAddress();
            long before = session.echoed();

            // A body over the 16 KiB limit: 413, then the connection closes.
            byte[] big = new byte[100_000];
            String answer = exchange(admin, ("POST /api/reload HTTP/1.1\r\nHost: x\r\nContent-Length: " + big.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), big);
            assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("408"); // closed at once, not at the deadline

            // Headers over 8 KiB: refused (431) and closed.
            String longHeader = "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Junk: " + "a".repeat(20_000) + "\r\n\r\n";
            assertThat(exchange(admin, longHeader.getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 431");

            // Garbage bytes: 400 and closed.
            assertThat(exchange(admin, "\u0005\u0001\u0000 hello there\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                    .startsWith("HTTP/1.1 400");

            // A slow request (half a request line, then nothing): 408 after the request timeout, then closed.
            long start = System.nanoTime();
            assertThat(exchange(admin, "GET /api/hea".getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 408");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(REQUEST_TIMEOUT.minusMillis(100),
                    Duration.ofSeconds(8));

            // An idle connection that never sends a byte is closed without an answer.
            assertThat(exchange(admin)).isEmpty();

            // The SOCKS session moved on throughout, every chunk intact.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.echoed() > before + 10 * LiveTransfer.CHUNK);
            assertThat(session.failure()).isNull();
            assertThat(session.running()).isTrue();
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnce(@TempDir Path dir) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(AdminSetup.config(dir, false, Duration.ofSeconds(30)));
             LiveTransfer session = new LiveTransfer(server.address(), SocksAddress.of(echo.address()), "alice", "secret")) {
            InetSocketAddress admin = server.server().adminAddress();
            long before = session.echoed();
            // More connections than the limit: the extra ones are closed at once, the first ones still work.
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < AdminServer.MAX_CONNECTIONS; i++) {
                    held.add(connect(admin));
                }
                try (Socket extra = connect(admin)) {
                    extra.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(readAll(extra)).isEmpty();
                } catch (IOException reset) {
                    // Closed before the write got through: refused as well.
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            // Once they are gone the listener answers again.
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> exchange(admin,
                    "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 200"));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.echoed() > before + 10 * LiveTransfer.CHUNK);
            assertThat(session.failure()).isNull();
        }
    }

    private static Socket connect(InetSocketAddress admin) throws IOException {
        Socket s = new Socket();
        s.connect(admin, 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends each part, then reads everything until the server closes; fails if it does not close in time. */
    private static String exchange(InetSocketAddress admin, byte[]... parts) throws IOException {
        try (Socket s = connect(admin)) {
            try {
                for (byte[] p : parts) {
                    s.getOutputStream().write(p);
                }
                s.getOutputStream().flush();
            } catch (IOException closedWhileSending) {
                // The server may answer and close before it has read everything (the oversized body).
            }
            return readAll(s);
        }
    }

    private static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the admin listener did not close the connection; got: " + got);
        } catch (IOException reset) {
            // A reset after the answer (unread input at close) still ends the exchange.
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
