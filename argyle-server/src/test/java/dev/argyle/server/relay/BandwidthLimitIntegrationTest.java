package dev.argyle.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.BandwidthConfig;
import dev.argyle.server.config.LimitsConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.config.Timeouts;
import dev.argyle.server.limit.Limit;
import dev.argyle.server.limit.LimitCounters;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.Pattern;
import dev.argyle.testkit.ScriptedSocksClient;
import dev.argyle.testkit.TransferServer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bandwidth limits against a running server and checksummed transfers on loopback: a limited direction is
 * slowed to about its rate (measured over 1–3 s, with generous bounds for a busy machine), every byte arrives,
 * the other direction and other users are not slowed, and the session ends cleanly.
 *
 * <p>Expected times: a bucket holds a tenth of a second's worth, so N bytes at rate R take about N/R − 0.1 s,
 * also when the sender half-closes early (what the proxy reads past a pause is held, and the FIN waits).
 */
class BandwidthLimitIntegrationTest {
    private static final int KIB = 1024;
    private static final long RATE = 256 * KIB;
    /** Far more than a limited direction could carry in the bound below: shows the direction is not limited. */
    private static final long BULK = 16L * 1024 * 1024;
    private static final Duration UNLIMITED_BOUND = Duration.ofSeconds(4);
    private static final String PASSWORD = "secret";

    private TransferServer target;
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeEach
    void startTarget() throws IOException {
        target = new TransferServer(InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        clients.shutdownNow();
        target.close();
    }

    @Test
    void aSessionsUploadIsSlowedToItsLimitAndItsDownloadIsNot() throws Exception {
        ServerConfig config = limited(new BandwidthConfig(RATE, 0, 0, 0));
        try (RunningServer server = RunningServer.start(config)) {
            Duration took = upload(server, 512 * KIB, null);
            assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
            assertThat(download(server, BULK, null)).isLessThan(UNLIMITED_BOUND);

            LimitCounters counters = server.server().limitCounters();
            assertThat(counters.slowed(Limit.BANDWIDTH_SESSION_UP)).isEqualTo(1);
            assertThat(counters.slowed(Limit.BANDWIDTH_SESSION_DOWN)).isZero();
            assertThat(counters.refused()).isZero();
            assertClean(server, 2);
        }
    }

    @Test
    void aSessionsDownloadIsSlowedToItsLimitAndEndsWithTheTargetsHalfClose() throws Exception {
        ServerConfig config = limited(new BandwidthConfig(0, RATE, 0, 0));
        try (RunningServer server = RunningServer.start(config)) {
            Duration took = download(server, 512 * KIB, null);
            assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
            assertThat(upload(server, BULK, null)).isLessThan(UNLIMITED_BOUND);
            assertThat(server.server().limitCounters().slowed(Limit.BANDWIDTH_SESSION_DOWN)).isEqualTo(1);
            assertThat(server.server().limitCounters().slowed(Limit.BANDWIDTH_SESSION_UP)).isZero();
            assertClean(server, 2);
        }
    }

    @Test
    void aClientsHalfCloseIsPassedOnAfterEveryLimitedByte() throws Exception {
        ServerConfig config = limited(new BandwidthConfig(RATE, RATE, 0, 0));
        long size = 384 * KIB;
        try (RunningServer server = RunningServer.start(config);
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.connect5(SocksAddress.of(target.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.socket().setSoTimeout(10_000);
            long start = System.nanoTime();
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('U');
            out.writeLong(size);
            out.writeLong(5);
            Pattern.write(out, 5, size);
            out.flush();
            c.socket().shutdownOutput(); // FIN while most of the upload still waits in the buffers
            assertThat(c.readBytes(32)).isEqualTo(Pattern.digest(5, size));
            assertThat(c.in().read()).as("EOF after the digest").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the early FIN did not lift the limit")
                    .isBetween(Duration.ofMillis(1100), Duration.ofSeconds(5));
            Session s = server.sessions().next();
            assertThat(s.bytesUp()).isEqualTo(17 + size);
            assertThat(s.error()).isNull();
        }
    }

    @Test
    void aLimitAndBackPressureTogetherNeitherStallNorLoseAByte() throws Exception {
        // The destination reads nothing at first (a 4 KiB receive buffer), so the proxy's buffer toward it fills
        // and back-pressure pauses reading from the client while the limit pauses it too; then the client's FIN
        // comes. Reading must resume when both allow it, and every byte arrive.
        ServerConfig config = limited(new BandwidthConfig(2 * 1024 * KIB, 0, 0, 0));
        long size = 3L * 1024 * 1024;
        CountDownLatch clientDone = new CountDownLatch(1);
        try (RunningServer server = RunningServer.start(config); ServerSocket slow = new ServerSocket()) {
            slow.setReceiveBufferSize(4096);
            slow.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<byte[]> received = clients.submit(() -> {
                try (Socket s = slow.accept()) {
                    // Starts reading when the client is done, or after 3 s if its writes cannot all be buffered.
                    clientDone.await(3, TimeUnit.SECONDS);
                    MessageDigest sha = TransferServer.sha256();
                    byte[] buf = new byte[64 * KIB];
                    InputStream in = s.getInputStream();
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        sha.update(buf, 0, n);
                    }
                    return sha.digest();
                }
            });
            long start = System.nanoTime();
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                assertThat(c.connect5(SocksAddress.of((InetSocketAddress) slow.getLocalSocketAddress())).reply())
                        .isEqualTo(ReplyCode.SUCCEEDED);
                Pattern.write(c.out(), 99, size);
                c.socket().shutdownOutput();
                clientDone.countDown();
                assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(Pattern.digest(99, size));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("3 MiB at 2 MiB/s")
                    .isBetween(Duration.ofMillis(1200), Duration.ofSeconds(10));
            Session s = server.sessions().next();
            assertThat(s.bytesUp()).isEqualTo(size);
            assertThat(s.error()).isNull();
        }
    }

    @Test
    void whatIsHeldAfterAnEarlyFinKeepsTheSessionAliveThroughTheIdleTimeout() throws Exception {
        // 48 KiB and a FIN at once: the proxy reads it all when the FIN comes and passes it on at 16 kB/s for
        // about 3 s, with no read in between; an idle timeout of 1 s must see that as movement.
        ServerConfig config = limited(new BandwidthConfig(16_000, 0, 0, 0))
                .withTimeouts(Timeouts.defaults().withIdle(Duration.ofSeconds(1)));
        long size = 48 * KIB;
        try (RunningServer server = RunningServer.start(config);
             ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
            assertThat(c.connect5(SocksAddress.of(target.address())).reply()).isEqualTo(ReplyCode.SUCCEEDED);
            c.socket().setSoTimeout(15_000);
            long start = System.nanoTime();
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('U');
            out.writeLong(size);
            out.writeLong(8);
            Pattern.write(out, 8, size);
            out.flush();
            c.socket().shutdownOutput();
            assertThat(c.readBytes(32)).isEqualTo(Pattern.digest(8, size));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2000), Duration.ofSeconds(10));
            Session s = server.sessions().next();
            assertThat(s.error()).isNull();
        }
    }

    @Test
    void aUsersSessionsShareOneLimitOtherUsersHaveTheirOwnAndAnExemptUserIsNotSlowed(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        for (String name : new String[] {"alice", "bob", "carol"}) {
            UsersFile.setPassword(users, name, PASSWORD.toCharArray());
        }
        BandwidthConfig bandwidth = new BandwidthConfig(0, 0, RATE, 0, Map.of("bob", new BandwidthConfig.Rates(0, 0)));
        ServerConfig config = RunningServer.config(AuthMode.PASSWORD, users)
                .withLimits(LimitsConfig.none().withBandwidth(bandwidth));
        long each = 384 * KIB;
        try (RunningServer server = RunningServer.start(config)) {
            // Alone, 384 KiB at 256 KiB/s takes about 1.4 s; two sessions sharing the rate end after about 2.9 s
            // (measured here: 2.6-2.8 s for alice's, 1.4-1.5 s for carol's, under a load average of 20).
            Future<Duration> first = clients.submit(() -> upload(server, each, "alice"));
            Future<Duration> second = clients.submit(() -> upload(server, each, "alice"));
            Duration carol = upload(server, each, "carol");
            Duration alice = max(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS));

            assertThat(alice).as("alice's two sessions share one bucket")
                    .isBetween(Duration.ofMillis(2300), Duration.ofSeconds(8));
            assertThat(carol).as("carol's own bucket: not slowed by alice's sessions (sharing would take 4 s)")
                    .isBetween(Duration.ofMillis(900), Duration.ofMillis(2800));
            assertThat(upload(server, BULK, "bob")).as("bob is exempt").isLessThan(UNLIMITED_BOUND);
            assertThat(server.server().limitCounters().slowed(Limit.BANDWIDTH_USER_UP)).isEqualTo(3);
            assertClean(server, 4);
        }
    }

    @Test
    void aUserLimitLeavesSessionsWithoutAPasswordAlone() throws Exception {
        ServerConfig config = limited(new BandwidthConfig(0, 0, RATE, RATE));
        try (RunningServer server = RunningServer.start(config)) {
            assertThat(upload(server, BULK, null)).isLessThan(UNLIMITED_BOUND);
            assertThat(download(server, BULK, null)).isLessThan(UNLIMITED_BOUND);
            assertThat(server.server().limitCounters().slowed(Limit.BANDWIDTH_USER_UP)).isZero();
            assertClean(server, 2);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static ServerConfig limited(BandwidthConfig bandwidth) {
        return RunningServer.config(AuthMode.NONE, null).withLimits(LimitsConfig.none().withBandwidth(bandwidth));
    }

    /** Uploads {@code size} checksummed bytes; answers the time until the target confirmed all of them. */
    private Duration upload(RunningServer server, long size, String user) throws IOException {
        try (ScriptedSocksClient c = connect(server, user)) {
            long seed = size ^ 0x5eed;
            long start = System.nanoTime();
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('U');
            out.writeLong(size);
            out.writeLong(seed);
            Pattern.write(out, seed, size);
            out.flush();
            assertThat(c.readBytes(32)).isEqualTo(Pattern.digest(seed, size));
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    /** Downloads {@code size} checksummed bytes to the target's EOF; answers the time it took. */
    private Duration download(RunningServer server, long size, String user) throws IOException {
        try (ScriptedSocksClient c = connect(server, user)) {
            long seed = size ^ 0xd0d0;
            long start = System.nanoTime();
            DataOutputStream out = new DataOutputStream(c.out());
            out.writeByte('D');
            out.writeLong(size);
            out.writeLong(seed);
            out.flush();
            MessageDigest sha = TransferServer.sha256();
            byte[] buf = new byte[64 * KIB];
            long total = 0;
            InputStream in = c.in();
            for (int n; (n = in.read(buf)) >= 0; ) {
                sha.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(size);
            assertThat(sha.digest()).isEqualTo(Pattern.digest(seed, size));
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private ScriptedSocksClient connect(RunningServer server, String user) throws IOException {
        ScriptedSocksClient c = new ScriptedSocksClient(server.address());
        try {
            SocksAddress dst = SocksAddress.of(target.address());
            ReplyCode reply = user == null ? c.connect5(dst).reply() : c.connect5(dst, user, PASSWORD).reply();
            assertThat(reply).isEqualTo(ReplyCode.SUCCEEDED);
            c.socket().setSoTimeout(15_000);
            return c;
        } catch (IOException | RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Every session ended without an error and no channel is left open. */
    private static void assertClean(RunningServer server, int sessions) throws InterruptedException {
        for (int i = 0; i < sessions; i++) {
            Session s = server.sessions().next();
            assertThat(s.error()).as("session %d", s.id()).isNull();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
    }
}
