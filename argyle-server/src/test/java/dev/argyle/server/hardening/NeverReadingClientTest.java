package dev.argyle.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.Pattern;
import dev.argyle.testkit.ScriptedSocksClient;
import dev.argyle.testkit.TransferServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that CONNECTs to a destination sending 200 MB as fast as it can, then reads nothing for a while:
 * back-pressure must hold the destination back instead of buffering its bytes in the server. Netty's direct
 * memory is sampled while the client is stalled and must stay within a few MB of where it was; then the client
 * reads everything and the checksum matches. Runs for the copying relay and for the default one (which splices
 * bulk directions after 128 KiB).
 */
class NeverReadingClientTest {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final long SEED = 2024;
    private static final long ALLOWED_GROWTH = 4L * 1024 * 1024;
    private static final CompletableFuture<byte[]> EXPECTED =
            CompletableFuture.supplyAsync(() -> Pattern.digest(SEED, SIZE));

    /** One sample while the client reads nothing. */
    private record Sample(long millis, long written, long nettyDirect, long allocatorDirect) {
    }

    @ParameterizedTest(name = "relay {0}")
    @ValueSource(strings = {"copy", "auto"})
    void aClientThatStopsReadingHoldsTheDestinationBackNotTheServersMemory(String relay) throws Exception {
        System.setProperty("argyle.relay", relay);
        RunningServer server;
        try {
            server = RunningServer.start(Hostile.config(Duration.ofSeconds(10)));
        } finally {
            System.clearProperty("argyle.relay");
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (server; FloodTarget target = new FloodTarget(SEED, SIZE);
             ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            long baseline = nettyDirect();
            long allocatorBaseline = allocatorDirect();
            assertThat(client.connect5(SocksAddress.of(target.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);

            Stall stall = new Stall(target);
            sampler.scheduleAtFixedRate(stall::sample, 0, 50, TimeUnit.MILLISECONDS);
            Sample last = stall.plateau.get(15, TimeUnit.SECONDS);
            long peak = stall.peakNettyDirect - baseline;
            long allocatorPeak = stall.peakAllocatorDirect - allocatorBaseline;
            System.out.printf("HARDENING never-reading client, relay %s: destination held at %.1f MB of %d MB after"
                            + " %d ms; Netty direct memory peak +%.2f MB over baseline %.2f MB (allocator +%.2f MB)"
                            + " over %d samples%n", relay, last.written() / 1048576.0, SIZE >> 20, last.millis(),
                    peak / 1048576.0, baseline / 1048576.0, allocatorPeak / 1048576.0, stall.samples);
            assertThat(last.written()).as("bytes the destination got rid of while the client read nothing")
                    .isLessThan(SIZE / 4);
            assertThat(peak).as("Netty direct memory growth while stalled").isLessThan(ALLOWED_GROWTH);
            assertThat(allocatorPeak).as("allocator direct memory growth while stalled").isLessThan(ALLOWED_GROWTH);
            sampler.shutdownNow();

            client.socket().setSoTimeout(60_000);
            MessageDigest sha = TransferServer.sha256();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            InputStream in = client.in();
            int n;
            while (total < SIZE && (n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(SIZE);
            assertThat(sha.digest()).isEqualTo(EXPECTED.get(60, TimeUnit.SECONDS));
            assertThat(in.read()).as("EOF after the last byte").isEqualTo(-1);
        } finally {
            sampler.shutdownNow();
        }
        Session s = server.sessions().next();
        assertThat(s.bytesDown()).isEqualTo(SIZE);
    }

    /** Samples until the destination has been stuck for a while (at least 1.5 s in all), at most 10 s. */
    private static final class Stall {
        private static final long MIN_MILLIS = 1500;
        private static final long STUCK_MILLIS = 600;
        private static final long MAX_MILLIS = 10_000;

        final CompletableFuture<Sample> plateau = new CompletableFuture<>();
        private final FloodTarget target;
        private final long start = System.nanoTime();
        private long lastWritten = -1;
        private long lastChange;
        long peakNettyDirect;
        long peakAllocatorDirect;
        int samples;

        Stall(FloodTarget target) {
            this.target = target;
        }

        void sample() {
            long millis = (System.nanoTime() - start) / 1_000_000;
            Sample s = new Sample(millis, target.written(), nettyDirect(), allocatorDirect());
            samples++;
            peakNettyDirect = Math.max(peakNettyDirect, s.nettyDirect());
            peakAllocatorDirect = Math.max(peakAllocatorDirect, s.allocatorDirect());
            if (s.written() != lastWritten) {
                lastWritten = s.written();
                lastChange = millis;
            }
            if (millis >= MIN_MILLIS && millis - lastChange >= STUCK_MILLIS) {
                plateau.complete(s);
            } else if (millis >= MAX_MILLIS) {
                plateau.completeExceptionally(new AssertionError("the destination was never held back: "
                        + s.written() + " bytes written after " + millis + " ms"));
            }
        }
    }

    /** Direct memory Netty has reserved (all allocators), or 0 where Netty does not count it. */
    private static long nettyDirect() {
        return Math.max(0, PlatformDependent.usedDirectMemory());
    }

    /** Direct memory of the default allocator, which the server's channels use. */
    private static long allocatorDirect() {
        return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }
}
