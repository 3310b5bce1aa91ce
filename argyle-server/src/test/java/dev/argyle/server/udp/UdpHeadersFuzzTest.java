package dev.argyle.server.udp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * The in-place UDP header parser under {@link UdpHeadersContract}: coverage-guided with {@code JAZZER_FUZZ=1}
 * (this module's {@code fuzz} surefire execution) for the annotation's {@code maxDuration}, else a replay of
 * {@code UdpHeadersFuzzTestInputs/}. Longer runs: {@code scripts/fuzz-long.sh}.
 */
class UdpHeadersFuzzTest {
    private static final UdpHeadersContract CONTRACT = new UdpHeadersContract();
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong WHOLE = new AtomicLong();

    @FuzzTest(maxDuration = "5s")
    void agreesWithTheProtocolDecoder(byte[] datagram) {
        INPUTS.incrementAndGet();
        if (CONTRACT.check(datagram) > 0) {
            WHOLE.incrementAndGet();
        }
    }

    @AfterAll
    static void summary() {
        System.out.printf("FUZZ %-20s inputs=%d whole-headers=%.1f%%%n", "UdpHeaders", INPUTS.get(),
                INPUTS.get() == 0 ? 0 : 100.0 * WHOLE.get() / INPUTS.get());
    }
}
