package dev.argyle.server.hardening;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.Timeouts;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/** What the hostile-client tests share: a server set up for them, descriptor budgets, latency measurement. */
final class Hostile {
    /** Descriptors left for everything else in the test JVM (jars, epoll, the echo server's threads). */
    private static final int RESERVED_FDS = 1000;

    private Hostile() {
    }

    /** No auth on loopback, the given handshake timeout, no access log (thousands of sessions end here). */
    static ServerConfig config(Duration handshake) {
        return RunningServer.config(AuthMode.NONE, null)
                .withTimeouts(Timeouts.defaults().withHandshake(handshake))
                .withAccessLog(false);
    }

    /** Descriptors open in this JVM. */
    static int openFds() {
        return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }

    /** This JVM's descriptor limit (the JVM raises its soft limit to the hard one at start). */
    static long maxFds() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
    }

    /**
     * How many loopback connections to this JVM's own server fit in the descriptor limit, at most {@code wanted}:
     * each takes two descriptors here, the client's and the server's.
     */
    static int affordableConnections(int wanted) {
        // The server sheds new connections within its descriptor reserve of the limit (overload.Descriptors).
        dev.argyle.server.overload.Descriptors d = dev.argyle.server.overload.Descriptors.ofThisProcess();
        long shedReserve = d.limit() == Long.MAX_VALUE ? 0 : d.limit() - d.threshold();
        long spare = maxFds() - openFds() - RESERVED_FDS - shedReserve;
        return (int) Math.max(0, Math.min(wanted, spare / 2));
    }

    /** {@code times} fresh sessions, each a SOCKS5 CONNECT to {@code echo} and a 64-byte echo, timed one by one. */
    static Latencies connectAndEcho(InetSocketAddress proxy, InetSocketAddress echo, int times) throws IOException {
        long[] nanos = new long[times];
        byte[] payload = new byte[64];
        for (int i = 0; i < times; i++) {
            payload[0] = (byte) i;
            long start = System.nanoTime();
            try (ScriptedSocksClient c = new ScriptedSocksClient(proxy)) {
                if (!c.connect5(SocksAddress.of(echo)).reply().equals(ReplyCode.SUCCEEDED)) {
                    throw new IOException("CONNECT " + i + " refused");
                }
                c.echo(payload);
            }
            nanos[i] = System.nanoTime() - start;
        }
        return new Latencies(nanos);
    }

    /** Session latencies in nanoseconds. */
    record Latencies(long[] nanos) {
        Latencies {
            nanos = nanos.clone();
            Arrays.sort(nanos);
        }

        Duration percentile(double p) {
            int rank = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
            return Duration.ofNanos(nanos[Math.max(0, Math.min(nanos.length - 1, rank))]);
        }

        Duration p50() {
            return percentile(50);
        }

        Duration p99() {
            return percentile(99);
        }

        Duration max() {
            return Duration.ofNanos(nanos[nanos.length - 1]);
        }

        @Override
        public String toString() {
            return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d", millis(p50()), millis(p99()),
                    millis(max()), nanos.length);
        }
    }

    static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
