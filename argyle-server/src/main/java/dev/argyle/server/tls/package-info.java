/**
 * TLS listeners: SOCKS inside TLS. Builds the Netty {@code SslContext} from a listener's PEM files, puts the
 * {@code SslHandler} in front of the handshake, and names the session's user after a verified client
 * certificate. Depends on config and Netty's handler module only.
 */
package dev.argyle.server.tls;
