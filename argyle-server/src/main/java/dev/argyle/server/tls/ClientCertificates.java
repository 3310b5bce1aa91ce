package dev.argyle.server.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The user a verified client certificate names: the subject's common name (CN, RFC 5280 section 4.1.2.6 and
 * X.520). The TLS engine has already checked the chain against {@code tls.client-ca}; an unverified
 * certificate never reaches this point, because the handshake fails first.
 */
public final class ClientCertificates {
    private ClientCertificates() {
    }

    /**
     * The CN of the peer's verified certificate on {@code ch}, or {@code null} when the channel has no TLS, the
     * client sent no certificate, or its subject has no CN. Call after the TLS handshake (the first SOCKS byte
     * arrives only after it).
     */
    public static String verifiedUser(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? commonName(x) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // client-auth optional and no certificate sent
        }
    }

    /** The most specific CN of the subject (the last one in RFC 4514 order), or {@code null}. */
    static String commonName(X509Certificate cert) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn == null || cn.isEmpty() || cn.length() > 255 ? null : cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
