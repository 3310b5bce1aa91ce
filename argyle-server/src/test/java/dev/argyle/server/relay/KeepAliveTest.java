package dev.argyle.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepAliveTest {
    private static final Duration TWO_HOURS = Duration.ofHours(2);

    @Test
    void onlyWhereTheIdleTimeoutIsOffOrOutlastsTheKernelsFirstProbe() {
        assertThat(KeepAlive.useful(Duration.ZERO, TWO_HOURS)).isTrue();
        assertThat(KeepAlive.useful(Duration.ofMinutes(5), TWO_HOURS)).isFalse();
        assertThat(KeepAlive.useful(TWO_HOURS, TWO_HOURS)).isFalse();
        assertThat(KeepAlive.useful(Duration.ofHours(3), TWO_HOURS)).isTrue();
        assertThat(KeepAlive.useful(Duration.ofMinutes(5), Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void readsTheKernelsWaitAndFallsBackToTwoHours(@TempDir Path dir) throws Exception {
        Path sysctl = dir.resolve("tcp_keepalive_time");
        Files.writeString(sysctl, "600\n");
        assertThat(KeepAlive.kernelWait(sysctl)).isEqualTo(Duration.ofMinutes(10));
        Files.writeString(sysctl, "garbage");
        assertThat(KeepAlive.kernelWait(sysctl)).isEqualTo(TWO_HOURS);
        assertThat(KeepAlive.kernelWait(dir.resolve("missing"))).isEqualTo(TWO_HOURS);
    }

    @Test
    void readsTheRealSysctlWhole() throws Exception {
        Path sysctl = Path.of("/proc/sys/net/ipv4/tcp_keepalive_time");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(sysctl), "Linux procfs");
        String text;
        try (java.io.FileInputStream in = new java.io.FileInputStream(sysctl.toFile())) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
        assertThat(KeepAlive.kernelWait(sysctl)).isEqualTo(Duration.ofSeconds(Long.parseLong(text)));
    }
}
