package dev.argyle.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens TLS to a {@code socks5+tls} hop over the tunnel built so far (the TCP connection to hop 1, or the
 * CONNECT through the hops before): an {@link SSLSocket} layered over the chain socket's current streams. The
 * hop's SOCKS5 handshake, the next hops and the application's data then run inside it.
 */
final class TlsHop {
    private TlsHop() {
    }

    /**
     * Runs the TLS handshake with {@code hop} within {@code deadline}, verifying that its certificate names the
     * hop's host; from then on {@code driver} (and, after the walk, {@code socket}) reads and writes through TLS.
     */
    static void open(ChainSocket socket, HandshakeDriver driver, HopRef hop, TlsOptions options, Deadline deadline)
            throws IOException {
        SSLSocket tls;
        try {
            socket.tunnel(driver); // the layered socket reads the streams the walk has reached so far
            tls = (SSLSocket) options.context().getSocketFactory()
                    .createSocket(socket, hop.uri().host(), hop.uri().port(), true);
        } catch (GeneralSecurityException e) {
            throw hop.fail(SocksException.Kind.PROTOCOL, "cannot set up TLS (" + options + "): " + e.getMessage(), e);
        }
        SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host of the hop URI
        tls.setSSLParameters(params);
        int saved = socket.getSoTimeout();
        try {
            socket.setSoTimeout(deadline.soTimeoutMillis());
            tls.startHandshake();
        } catch (SocketTimeoutException e) {
            throw hop.fail(SocksException.Kind.TIMEOUT, "no TLS handshake within " + deadline.text(), e);
        } catch (SSLException e) {
            throw hop.fail(SocksException.Kind.PROTOCOL, "TLS handshake failed: " + e.getMessage(), e);
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(saved);
            }
        }
        driver.layer(tls.getInputStream(), tls.getOutputStream());
    }
}
