package dev.argyle.server.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the BIND command (RFC 1928 section 4, SOCKS4 CD=2).
 *
 * @param acceptTimeout   how long the listening socket waits for the peer before a failure reply
 * @param portMin         lowest port for listening sockets; 0 with {@code portMax} 0 means any ephemeral port
 * @param portMax         highest port for listening sockets (inclusive)
 * @param externalAddress the address to listen on when the client has made no outbound connection yet;
 *                        {@code null} means the address of the client's control connection
 * @param allowAnyPeer    whether a request naming 0.0.0.0 or :: accepts a connection from any address
 */
public record BindConfig(Duration acceptTimeout, int portMin, int portMax, InetAddress externalAddress,
                         boolean allowAnyPeer) {
    public BindConfig {
        Objects.requireNonNull(acceptTimeout, "acceptTimeout");
    }

    public static BindConfig defaults() {
        return new BindConfig(Duration.ofMinutes(2), 0, 0, null, false);
    }

    /** True when listening sockets take any ephemeral port. */
    public boolean anyPort() {
        return portMin == 0 && portMax == 0;
    }
}
