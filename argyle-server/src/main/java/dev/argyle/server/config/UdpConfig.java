package dev.argyle.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of UDP ASSOCIATE (RFC 1928 sections 4 and 7).
 *
 * @param idleTimeout        an association with no datagram either way for this long is closed
 * @param fragments          whether fragmented datagrams (FRAG != 0) are reassembled; otherwise dropped
 * @param reassemblyTimeout  how long a fragment queue may wait for its last fragment (RFC 1928: no less than 5 s)
 * @param reassemblyMaxBytes the most bytes one association may hold in its reassembly queue
 */
public record UdpConfig(Duration idleTimeout, boolean fragments, Duration reassemblyTimeout, int reassemblyMaxBytes) {
    public UdpConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(reassemblyTimeout, "reassemblyTimeout");
    }

    public static UdpConfig defaults() {
        return new UdpConfig(Duration.ofMinutes(2), true, Duration.ofSeconds(5), 64 * 1024);
    }
}
