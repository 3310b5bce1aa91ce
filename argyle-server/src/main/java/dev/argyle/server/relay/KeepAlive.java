package dev.argyle.server.relay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether TCP keep-alive can do anything for a relayed connection. The kernel sends its first probe after
 * {@code net.ipv4.tcp_keepalive_time} of silence (two hours by default); with an idle timeout shorter than
 * that, the relay closes a silent connection long before a probe would go out, so asking for keep-alive
 * would only cost a {@code setsockopt} on each of a session's two sockets. It is on where the idle timeout is
 * off ({@code 0}) or longer than the kernel's wait, so that dead peers of long-lived tunnels are still found.
 */
public final class KeepAlive {
    private static final Duration KERNEL_WAIT = kernelWait(Path.of("/proc/sys/net/ipv4/tcp_keepalive_time"));

    private KeepAlive() {
    }

    /** True if a connection relayed with this idle timeout should ask for keep-alive. */
    public static boolean useful(Duration idleTimeout) {
        return useful(idleTimeout, KERNEL_WAIT);
    }

    static boolean useful(Duration idleTimeout, Duration kernelWait) {
        return idleTimeout.isZero() || idleTimeout.compareTo(kernelWait) > 0;
    }

    /**
     * The kernel's wait before the first probe; two hours (Linux's default) where it cannot be read. Read line
     * by line: {@code Files.readString} trusts the size procfs reports and returned "7" for "7200" here.
     */
    static Duration kernelWait(Path sysctl) {
        try (java.io.BufferedReader in = Files.newBufferedReader(sysctl)) {
            return Duration.ofSeconds(Long.parseLong(in.readLine().trim()));
        } catch (IOException | RuntimeException e) {
            return Duration.ofHours(2);
        }
    }
}
