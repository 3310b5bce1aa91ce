package dev.argyle.server.config;

import dev.argyle.server.tls.TlsConfig;
import java.util.Objects;

/**
 * One address the server accepts SOCKS clients on.
 *
 * @param address   the resolved address to bind; port 0 asks the OS for an ephemeral port
 * @param auth      how clients on this listener authenticate
 * @param allowOpen the explicit opt-in needed to run {@link AuthMode#NONE} on a non-loopback address; without it
 *                  {@link ConfigValidator} refuses the configuration rather than start an open proxy
 * @param ident     ident (RFC 1413) for SOCKS4 requests
 * @param proxyProtocol whether a PROXY protocol header is required, and from which sources
 * @param tls       whether clients speak SOCKS inside TLS, with which certificate and client-certificate checks
 */
public record ListenerConfig(java.net.InetSocketAddress address, AuthMode auth, boolean allowOpen, IdentConfig ident,
                             ProxyProtocolConfig proxyProtocol, TlsConfig tls) {
    public ListenerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(ident, "ident");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        Objects.requireNonNull(tls, "tls");
    }

    /** A listener without TLS. */
    public ListenerConfig(java.net.InetSocketAddress address, AuthMode auth, boolean allowOpen, IdentConfig ident,
                          ProxyProtocolConfig proxyProtocol) {
        this(address, auth, allowOpen, ident, proxyProtocol, TlsConfig.off());
    }

    /** A listener without the PROXY protocol. */
    public ListenerConfig(java.net.InetSocketAddress address, AuthMode auth, boolean allowOpen, IdentConfig ident) {
        this(address, auth, allowOpen, ident, ProxyProtocolConfig.off());
    }

    /** A listener with ident off. */
    public ListenerConfig(java.net.InetSocketAddress address, AuthMode auth, boolean allowOpen) {
        this(address, auth, allowOpen, IdentConfig.defaults());
    }

    /** The same listener with another auth mode. */
    public ListenerConfig withAuth(AuthMode newAuth) {
        return new ListenerConfig(address, newAuth, allowOpen, ident, proxyProtocol, tls);
    }

    /** The same listener with another allow-open setting. */
    public ListenerConfig withAllowOpen(boolean newAllowOpen) {
        return new ListenerConfig(address, auth, newAllowOpen, ident, proxyProtocol, tls);
    }

    /** The same listener with other ident settings. */
    public ListenerConfig withIdent(IdentConfig newIdent) {
        return new ListenerConfig(address, auth, allowOpen, newIdent, proxyProtocol, tls);
    }

    /** The same listener with other PROXY protocol settings. */
    public ListenerConfig withProxyProtocol(ProxyProtocolConfig newProxyProtocol) {
        return new ListenerConfig(address, auth, allowOpen, ident, newProxyProtocol, tls);
    }

    /** The same listener with other TLS settings. */
    public ListenerConfig withTls(TlsConfig newTls) {
        return new ListenerConfig(address, auth, allowOpen, ident, proxyProtocol, newTls);
    }

    @Override
    public String toString() {
        return HostPort.format(address) + " (auth " + auth.configName() + (allowOpen ? ", allow-open" : "")
                + (ident.mode() == IdentMode.OFF ? "" : ", ident " + ident.mode().configName())
                + (proxyProtocol.enabled() ? ", proxy-protocol" : "")
                + (tls.enabled() ? ", tls" + (tls.clientAuth() == TlsConfig.ClientAuth.NONE ? "" : " client-auth "
                + tls.clientAuth().configName()) : "") + ")";
    }
}
