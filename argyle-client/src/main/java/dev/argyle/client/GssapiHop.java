package dev.argyle.client;

import dev.argyle.protocol.gssapi.GssClientExchange;
import dev.argyle.protocol.gssapi.Krb5Login;
import dev.argyle.protocol.gssapi.MessageProtection;
import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.protocol.v5.AuthMethod;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * The GSS-API part of a {@code socks5+gssapi} hop: the greeting that offers only X'01', the RFC 1961 exchange
 * with the caller's Kerberos credentials (mutual authentication), and, when the agreed level wraps, the switch
 * of the driver's streams to MTYP 3 messages, so everything after it (the request, the next hops' handshakes
 * and the tunnel) is protected.
 */
final class GssapiHop {
    private static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    private static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");

    private GssapiHop() {
    }

    static void authenticate(HandshakeDriver driver, HopRef hop, GssapiOptions options, Deadline deadline)
            throws IOException {
        byte[] choice = driver.exchangeRaw(new byte[] {5, 1, (byte) AuthMethod.GSSAPI.code()}, 2, hop, deadline);
        if (choice[0] != 5) {
            throw hop.fail(SocksException.Kind.PROTOCOL, "not a SOCKS5 method choice");
        }
        int method = choice[1] & 0xFF;
        if (method == 0xFF) {
            throw hop.fail(SocksException.Kind.AUTHENTICATION, "the proxy does not accept GSS-API (method 0x01)");
        }
        if (method != AuthMethod.GSSAPI.code()) {
            throw hop.fail(SocksException.Kind.PROTOCOL, String.format(
                    "the proxy chose method 0x%02x, which was not offered (offered: gssapi)", method));
        }
        String principal = options.service() + "/" + hop.uri().host();
        Subject subject = options.subject() != null ? options.subject() : login(options, hop);
        GSSContext context;
        ProtectionLevel level;
        try {
            driver.timeout(deadline);
            PrivilegedExceptionAction<Object[]> exchange = () -> {
                GSSManager m = GSSManager.getInstance();
                GSSContext c = m.createContext(m.createName(principal, KRB5_PRINCIPAL), KRB5, null,
                        GSSContext.DEFAULT_LIFETIME);
                c.requestMutualAuth(true);
                c.requestInteg(true);
                c.requestConf(options.protection().confidential());
                c.requestSequenceDet(true);
                c.requestReplayDet(true);
                return new Object[] {c, GssClientExchange.run(driver.in(), driver.out(), c, options.protection())};
            };
            Object[] done = doAs(subject, exchange);
            context = (GSSContext) done[0];
            level = (ProtectionLevel) done[1];
        } catch (SocketTimeoutException e) {
            throw hop.fail(SocksException.Kind.TIMEOUT, "no GSS-API answer within " + deadline.text(), e);
        } catch (GssClientExchange.GssRefusedException e) {
            throw hop.fail(SocksException.Kind.AUTHENTICATION, "GSS-API with " + principal + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw hop.fail(SocksException.Kind.CLOSED, "the connection failed during GSS-API: " + e.getMessage(), e);
        } finally {
            driver.restoreTimeout();
        }
        if (level.wraps()) {
            try {
                driver.protect(new MessageProtection(context, level));
            } catch (GSSException e) {
                throw hop.fail(SocksException.Kind.AUTHENTICATION, "GSS-API: " + e.getMessage(), e);
            }
        }
    }

    @SuppressWarnings("removal") // Subject.doAs hands JAAS credentials to GSS-API on Java 17.
    private static Object[] doAs(Subject subject, PrivilegedExceptionAction<Object[]> action) throws IOException {
        try {
            return Subject.doAs(subject, action);
        } catch (PrivilegedActionException e) {
            if (e.getException() instanceof IOException io) {
                throw io;
            }
            throw new GssClientExchange.GssRefusedException(String.valueOf(e.getException().getMessage()));
        }
    }

    /** Logs in from a ticket cache (no prompt, no password): what {@code kinit} left there. */
    private static Subject login(GssapiOptions options, HopRef hop) throws SocksException {
        Map<String, String> jaas = new HashMap<>(Map.of("useTicketCache", "true", "doNotPrompt", "true",
                "isInitiator", "true"));
        if (options.ticketCache() != null) {
            jaas.put("ticketCache", options.ticketCache().toString());
        }
        try {
            return Krb5Login.login("argyle-client", jaas);
        } catch (LoginException e) {
            throw hop.fail(SocksException.Kind.AUTHENTICATION, "no Kerberos ticket for GSS-API ("
                    + (options.ticketCache() == null ? "default ticket cache" : options.ticketCache()) + "): "
                    + e.getMessage(), e);
        }
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }
}
