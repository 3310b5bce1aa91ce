package dev.argyle.server.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of UDP ASSOCIATE (RFC 1928 sections 4 and 7).
 *
 * @param idleTimeout        an association with no datagram either way for this long is closed
 * @param fragments          whether fragmented datagrams (FRAG != 0) are reassembled; otherwise dropped
 * @param reassemblyTimeout  how long a fragment queue may wait for its last fragment (RFC 1928: no less than 5 s)
 * @param reassemblyMaxBytes the most bytes one association may hold in its reassembly queue
 * @param advertisedAddress  the address the reply names as the relay's (BND.ADDR), with the relay's own port;
 *                           null: the relay socket's own address. For an instance that clients reach through an
 *                           address that is not its own (1:1 NAT, a load balancer in front; docs/scaling.md)
 */
public record UdpConfig(Duration idleTimeout, boolean fragments, Duration reassemblyTimeout, int reassemblyMaxBytes,
                        InetAddress advertisedAddress) {
    public UdpConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(reassemblyTimeout, "reassemblyTimeout");
    }

    /** Without an advertised address: the reply names the relay socket's own address. */
    public UdpConfig(Duration idleTimeout, boolean fragments, Duration reassemblyTimeout, int reassemblyMaxBytes) {
        this(idleTimeout, fragments, reassemblyTimeout, reassemblyMaxBytes, null);
    }

    /** The same settings with another advertised relay address (null: the socket's own). */
    public UdpConfig withAdvertisedAddress(InetAddress address) {
        return new UdpConfig(idleTimeout, fragments, reassemblyTimeout, reassemblyMaxBytes, address);
    }

    /** RFC 1928 section 7: "The reassembly timer MUST be no less than 5 seconds". */
    static final Duration MIN_REASSEMBLY_TIMEOUT = Duration.ofSeconds(5);
    /** A queue may hold {@code reassemblyMaxBytes} this long per association; longer only hoards memory. */
    static final Duration MAX_REASSEMBLY_TIMEOUT = Duration.ofMinutes(5);
    /** Beyond this, an idle association is abandoned in all but name (and nanosecond timers would overflow). */
    static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(7);
    static final int MAX_REASSEMBLY_BYTES = 16 * 1024 * 1024;

    public static UdpConfig defaults() {
        return new UdpConfig(Duration.ofMinutes(2), true, Duration.ofSeconds(5), 64 * 1024);
    }

    /**
     * What is wrong with these values, by key under {@code udp} ({@code idle-timeout}, ...), in key order; empty
     * when the server can run with them. The loader reports the first at its line and column, the validator all.
     */
    Map<String, String> problems() {
        Map<String, String> out = new LinkedHashMap<>();
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            out.put("idle-timeout", "must be more than 0 (0 would end every association at once), got "
                    + DurationParser.format(idleTimeout));
        } else if (idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0) {
            out.put("idle-timeout", "must be at most " + DurationParser.format(MAX_IDLE_TIMEOUT) + ", got "
                    + DurationParser.format(idleTimeout));
        }
        if (reassemblyTimeout.compareTo(MIN_REASSEMBLY_TIMEOUT) < 0) {
            out.put("reassembly-timeout", "must be at least 5s (RFC 1928 section 7), got "
                    + DurationParser.format(reassemblyTimeout));
        } else if (reassemblyTimeout.compareTo(MAX_REASSEMBLY_TIMEOUT) > 0) {
            out.put("reassembly-timeout", "must be at most " + DurationParser.format(MAX_REASSEMBLY_TIMEOUT)
                    + ", got " + DurationParser.format(reassemblyTimeout));
        }
        if (reassemblyMaxBytes < 1 || reassemblyMaxBytes > MAX_REASSEMBLY_BYTES) {
            out.put("reassembly-max-bytes", reassemblyMaxBytes + " is outside 1-" + MAX_REASSEMBLY_BYTES);
        }
        return out;
    }
}
