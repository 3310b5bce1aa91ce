package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.UdpEchoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The soak: the packaged server with Netty's leak detector at PARANOID (every buffer tracked) under mixed
 * CONNECT, UDP ASSOCIATE and BIND load ({@link SoakLoad}) for {@code -Dargyle.soak.minutes} (2 in CI;
 * {@code scripts/soak.sh --minutes 60} for the long run), its RSS, descriptors and CPU time sampled every
 * 10 s into {@code rss.csv} under {@code -Dargyle.soak.out} (default target/soak). Fails on any leak report,
 * any corrupted byte or datagram, failed sessions beyond one in a thousand, descriptors not back at the end,
 * or RSS growing after the warm-up (a sixth of the run, at least 30 s) by more than the bound.
 *
 * <p>The heap is fixed and touched up front ({@code -Xms=-Xmx}, {@code AlwaysPreTouch}) so that the heap's
 * growth is not mistaken for a leak; direct memory is capped, so a leak there shows as failures as well.
 */
class SoakIT {
    private static final long SAMPLE_MS = 10_000;
    /** RSS growth after warm-up that still counts as flat: JIT code and allocator arenas settle slowly. */
    private static final long MAX_GROWTH_KIB = 24 * 1024;

    @Test
    void mixedLoadLeaksNothingCorruptsNothingAndKeepsMemoryFlat() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("argyle.soak.minutes", "2"));
        Path out = Path.of(System.getProperty("argyle.soak.out", "target/soak"));
        Files.createDirectories(out);
        long runMs = (long) (minutes * 60_000);
        long warmupMs = Math.max(30_000, runMs / 6);
        Path log = out.resolve("server.log");
        Path csv = out.resolve("rss.csv");
        int port = ServerProcess.freePort();
        List<String> cmd = List.of(ServerProcess.java(), "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch",
                "-XX:MaxDirectMemorySize=64m", "-Dio.netty.leakDetection.level=paranoid",
                "-jar", ServerProcess.jar().toString(), "serve", "--listen", "127.0.0.1:" + port);
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (EchoServer echo = EchoServer.onLoopback(); UdpEchoServer udpEcho = UdpEchoServer.onLoopback()) {
            awaitInFile(log, "listening on", Duration.ofSeconds(30));
            long pid = server.pid();
            int startFds = ProcStats.openDescriptors(pid);
            SoakLoad load = new SoakLoad(new InetSocketAddress("127.0.0.1", port), echo.address(), udpEcho.address());
            List<long[]> samples = new ArrayList<>();
            List<String> rows = new ArrayList<>(List.of("elapsed_s,rss_kib,fds,cpu_s,sessions,failed,corrupted"));
            long t0 = System.currentTimeMillis();
            load.start(4, 1, 1);
            try {
                for (long next = t0; next <= t0 + runMs; next += SAMPLE_MS) {
                    pause(next - System.currentTimeMillis());
                    long elapsed = (System.currentTimeMillis() - t0) / 1000;
                    long rss = ProcStats.rssKib(pid);
                    samples.add(new long[] {elapsed, rss});
                    rows.add(String.format(Locale.ROOT, "%d,%d,%d,%.2f,%d,%d,%d", elapsed, rss,
                            ProcStats.openDescriptors(pid), ProcStats.cpuSeconds(pid), load.sessions(),
                            load.failed.get(), load.corrupted.get()));
                    Files.write(csv, rows, StandardCharsets.UTF_8);
                    assertThat(server.isAlive()).as("server alive").isTrue();
                }
            } finally {
                load.stop();
            }
            // Let the leak detector see every dropped buffer: collect, then allocate a little (it reports
            // from the tracking of new buffers).
            collectGarbage(pid);
            SoakLoad after = new SoakLoad(new InetSocketAddress("127.0.0.1", port), echo.address(), udpEcho.address());
            after.start(2, 1, 1);
            pause(3_000);
            after.stop();

            long growth = growthAfterWarmup(samples, warmupMs / 1000);
            String result = String.format(Locale.ROOT, "SOAK %.1f min: %s; RSS %d -> %d KiB (growth after warm-up %d KiB); "
                            + "descriptors %d at start, %d at end; leak reports %d",
                    minutes, load.summary(), samples.get(0)[1], samples.get(samples.size() - 1)[1], growth,
                    startFds, ProcStats.openDescriptors(pid), leakReports(log));
            System.out.println(result);
            Files.writeString(out.resolve("result.txt"), Instant.now() + " " + result + "\n"
                    + String.join("\n", load.failures) + "\n");

            assertThat(leakReports(log)).as("LEAK: lines in " + log).isZero();
            assertThat(load.corrupted.get() + after.corrupted.get()).as("corrupted bytes or datagrams").isZero();
            assertThat(load.sessions()).isPositive();
            assertThat(load.failed.get()).as("failed sessions: %s", load.failures)
                    .isLessThanOrEqualTo(Math.max(3, load.sessions() / 1000));
            assertThat(load.datagramsLost.get()).isLessThanOrEqualTo(Math.max(10, load.datagramsVerified.get() / 100));
            assertThat(growth).as("RSS growth after warm-up, KiB").isLessThan(MAX_GROWTH_KIB);
            awaitDescriptors(pid, startFds + 4);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Mean RSS of the last three samples minus the mean of the first three after warm-up. */
    static long growthAfterWarmup(List<long[]> samples, long warmupSeconds) {
        List<long[]> settled = samples.stream().filter(s -> s[0] >= warmupSeconds).toList();
        if (settled.size() < 2) {
            return 0;
        }
        int k = Math.min(3, settled.size() / 2);
        long first = settled.subList(0, k).stream().mapToLong(s -> s[1]).sum() / k;
        long last = settled.subList(settled.size() - k, settled.size()).stream().mapToLong(s -> s[1]).sum() / k;
        return last - first;
    }

    private static long leakReports(Path log) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("LEAK:")).count();
        }
    }

    private static void collectGarbage(long pid) throws Exception {
        Path jcmd = Path.of(ServerProcess.java()).resolveSibling("jcmd");
        if (Files.isExecutable(jcmd)) {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitInFile(Path file, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text)) {
                return;
            }
            pause(50);
        }
        throw new AssertionError("no '" + text + "' in " + file + " within " + timeout);
    }

    private static void awaitDescriptors(long pid, int atMost) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int n = ProcStats.openDescriptors(pid);
        while (n > atMost && System.nanoTime() < deadline) {
            pause(100);
            n = ProcStats.openDescriptors(pid);
        }
        assertThat(n).as("descriptors after the load").isLessThanOrEqualTo(atMost);
    }

    /** The sampling clock and polling interval; every caller bounds the total. */
    private static void pause(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
