package dev.argyle.server.gssapi;

import dev.argyle.protocol.gssapi.Krb5Login;
import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.server.config.GssapiConfig;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * The server's Kerberos acceptor: its credential, read once from the keytab at start, and the policy for
 * protection levels. Without a configured principal it accepts a ticket for any principal whose key is in
 * the keytab (as Dante and sshd do), so one keytab can serve several host names.
 *
 * <p>Accepting a token needs no KDC (the acceptor only decrypts with its own key), but it does run the JDK's
 * replay cache and crypto, so it runs on a small pool, never on an event loop. Thread-safe.
 */
public final class GssAcceptor implements AutoCloseable {
    /** The Kerberos V5 mechanism (RFC 1964). */
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    /** Kerberos principal name type (RFC 1964 section 2.1.1). */
    private static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");
    /** Strongest first: the answer when the client asks for a level this server does not agree to. */
    private static final List<ProtectionLevel> PREFERENCE = List.of(ProtectionLevel.CONFIDENTIALITY,
            ProtectionLevel.SELECTIVE, ProtectionLevel.INTEGRITY, ProtectionLevel.CLEAR);

    private final GSSCredential credential;
    private final List<ProtectionLevel> accepted;
    private final ThreadPoolExecutor pool;

    private GssAcceptor(GSSCredential credential, List<ProtectionLevel> accepted) {
        this.credential = credential;
        this.accepted = List.copyOf(accepted);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "argyle-gssapi-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Logs in with the keytab (JAAS {@code Krb5LoginModule}, acceptor only) and gets the credential.
     *
     * @throws IOException naming the keytab and principal when the login fails
     */
    public static GssAcceptor login(GssapiConfig config) throws IOException {
        String principal = config.principal() == null ? "*" : config.principal();
        Map<String, String> options = Map.of(
                "useKeyTab", "true",
                "keyTab", config.keytab().toAbsolutePath().toString(),
                "principal", principal,
                "storeKey", "true",
                "isInitiator", "false",
                "doNotPrompt", "true");
        try {
            Subject subject = Krb5Login.login("argyle-gssapi", options);
            GSSManager manager = GSSManager.getInstance();
            GSSName name = config.principal() == null ? null : manager.createName(config.principal(), KRB5_PRINCIPAL);
            GSSCredential credential = doAs(subject, () -> manager.createCredential(name,
                    GSSCredential.INDEFINITE_LIFETIME, KRB5, GSSCredential.ACCEPT_ONLY));
            return new GssAcceptor(credential, config.protection());
        } catch (LoginException | GSSException e) {
            throw new IOException("GSS-API: cannot use keytab " + config.keytab() + " for principal " + principal
                    + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("removal") // Subject.doAs is the Java 17 way to hand JAAS credentials to GSS-API.
    private static GSSCredential doAs(Subject subject, PrivilegedExceptionAction<GSSCredential> action)
            throws GSSException {
        try {
            return Subject.doAs(subject, action);
        } catch (java.security.PrivilegedActionException e) {
            if (e.getCause() instanceof GSSException g) {
                throw g;
            }
            throw new GSSException(GSSException.FAILURE, 0, String.valueOf(e.getCause()));
        }
    }

    /** A new negotiator for one session. */
    public GssNegotiator negotiator() {
        return new GssNegotiator(this);
    }

    /** A fresh acceptor context on the server's credential. */
    GSSContext newContext() throws GSSException {
        return GSSManager.getInstance().createContext(credential);
    }

    /**
     * Runs {@code acceptSecContext} on the pool; completes on {@code loop} with the output token (empty
     * when there is none) or fails with the GSS-API error.
     */
    Future<byte[]> accept(GSSContext context, byte[] token, EventExecutor loop) {
        Promise<byte[]> result = loop.newPromise();
        try {
            pool.execute(() -> {
                try {
                    byte[] out = context.acceptSecContext(token, 0, token.length);
                    result.trySuccess(out == null ? new byte[0] : out);
                } catch (GSSException | RuntimeException e) {
                    result.tryFailure(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.tryFailure(e);
        }
        return result;
    }

    /**
     * The level the server answers to {@code requested} (RFC 1961 section 4.3): the client's own when this
     * server agrees to it, else the strongest it agrees to (the client then decides whether to go on);
     * {@link ProtectionLevel#CLEAR} never unless configured.
     */
    ProtectionLevel choose(ProtectionLevel requested) {
        if (accepted.contains(requested)) {
            return requested;
        }
        return PREFERENCE.stream().filter(accepted::contains).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            credential.dispose();
        } catch (GSSException ignored) {
            // Nothing to release that the GC would not.
        }
    }

    private static Oid oid(String text) {
        try {
            return new Oid(text);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }
}
