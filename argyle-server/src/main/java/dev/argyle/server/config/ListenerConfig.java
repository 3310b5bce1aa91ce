package dev.argyle.server.config;

import java.util.Objects;

/**
 * One address the server accepts SOCKS clients on.
 *
 * @param address   the resolved address to bind; port 0 asks the OS for an ephemeral port
 * @param auth      how clients on this listener authenticate
 * @param allowOpen the explicit opt-in needed to run {@link AuthMode#NONE} on a non-loopback address; without it
 *                  {@link ConfigValidator} refuses the configuration rather than start an open proxy
 */
public record ListenerConfig(java.net.InetSocketAddress address, AuthMode auth, boolean allowOpen) {
    public ListenerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(auth, "auth");
    }

    /** The same listener with another auth mode. */
    public ListenerConfig withAuth(AuthMode newAuth) {
        return new ListenerConfig(address, newAuth, allowOpen);
    }

    /** The same listener with another allow-open setting. */
    public ListenerConfig withAllowOpen(boolean newAllowOpen) {
        return new ListenerConfig(address, auth, newAllowOpen);
    }

    @Override
    public String toString() {
        return HostPort.format(address) + " (auth " + auth.configName() + (allowOpen ? ", allow-open" : "") + ")";
    }
}
