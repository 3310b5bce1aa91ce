package dev.argyle.server;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.uring.IoUring;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** {@link RelayTest} on Netty's io_uring transport ({@code -Dargyle.transport=io_uring}; it copies, no splice). */
class IoUringRelayTest extends RelayTest {
    @BeforeAll
    static void needsIoUring() {
        assumeThat(IoUring.isAvailable()).as("io_uring on this kernel: %s", IoUring.unavailabilityCause()).isTrue();
    }

    @Override
    String relay() {
        return "auto";
    }

    @Override
    Transport expectedTransport() {
        return Transport.IO_URING;
    }

    @Override
    Map<String, String> serverProperties() {
        return Map.of("argyle.transport", "io_uring");
    }
}
