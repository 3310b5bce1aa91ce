package dev.argyle.server.udp;

/** The Jazzer command-line target for {@link UdpHeaders}, run by {@code scripts/fuzz-long.sh}. */
public final class UdpHeadersFuzzTarget {
    private static final UdpHeadersContract CONTRACT = new UdpHeadersContract();
    private static final long START = System.nanoTime();
    private static long inputs;
    private static long whole;
    private static long truncated;

    private UdpHeadersFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] datagram) {
        inputs++;
        int length = CONTRACT.check(datagram);
        if (length > 0) {
            whole++;
        } else if (length == UdpHeaders.TRUNCATED) {
            truncated++;
        }
    }

    public static void fuzzerTearDown() {
        System.out.printf("FUZZ %-20s inputs=%d whole=%.1f%% truncated=%.1f%% rejected=%.1f%% "
                        + "max-alloc=0B wall=%.0fs%n", "UdpHeaders", inputs, pct(whole), pct(truncated),
                pct(inputs - whole - truncated), (System.nanoTime() - START) / 1e9);
    }

    private static double pct(long n) {
        return inputs == 0 ? 0 : 100.0 * n / inputs;
    }
}
