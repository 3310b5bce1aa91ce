package dev.argyle.client;

import dev.argyle.protocol.gssapi.ProtectionLevel;
import java.nio.file.Path;
import java.util.Objects;
import javax.security.auth.Subject;

/**
 * How {@code socks5+gssapi} and {@code socks5h+gssapi} hops authenticate (RFC 1961): the service name the
 * ticket is asked for ({@code SERVICE/proxy-host}, default {@code rcmd}, what Dante and curl ask for), the
 * protection level to require, and whose Kerberos credentials to use: a {@link Subject} the caller logged in
 * (JAAS), or a ticket cache ({@code kinit}'s; by default the one {@code KRB5CCNAME} names, else the system's).
 * Immutable.
 */
public final class GssapiOptions {
    /** rcmd, confidentiality, the default ticket cache. */
    public static final GssapiOptions DEFAULT = new GssapiOptions("rcmd", ProtectionLevel.CONFIDENTIALITY, null, null);

    private final String service;
    private final ProtectionLevel protection;
    private final Subject subject;
    private final Path ticketCache;

    private GssapiOptions(String service, ProtectionLevel protection, Subject subject, Path ticketCache) {
        this.service = Objects.requireNonNull(service, "service");
        this.protection = Objects.requireNonNull(protection, "protection");
        this.subject = subject;
        this.ticketCache = ticketCache;
    }

    /** The service part of the proxy's principal: {@code SERVICE/host} (host as written in the hop URI). */
    public GssapiOptions withService(String s) {
        return new GssapiOptions(s, protection, subject, ticketCache);
    }

    /** The level to require; the hop fails if the proxy answers with another one. */
    public GssapiOptions withProtection(ProtectionLevel p) {
        return new GssapiOptions(service, p, subject, ticketCache);
    }

    /** Credentials from a JAAS login of the caller's (the Subject holds the TGT). */
    public GssapiOptions withSubject(Subject s) {
        return new GssapiOptions(service, protection, Objects.requireNonNull(s, "subject"), null);
    }

    /** Credentials from this ticket cache file (as written by {@code kinit -c FILE}). */
    public GssapiOptions withTicketCache(Path cache) {
        return new GssapiOptions(service, protection, null, Objects.requireNonNull(cache, "cache"));
    }

    public String service() {
        return service;
    }

    public ProtectionLevel protection() {
        return protection;
    }

    /** The caller's Subject, or null to log in from a ticket cache. */
    public Subject subject() {
        return subject;
    }

    /** The ticket cache to log in from, or null for the default one. */
    public Path ticketCache() {
        return ticketCache;
    }

    @Override
    public String toString() {
        return "GssapiOptions[service=" + service + ", protection=" + protection.configName()
                + (subject != null ? ", subject" : ticketCache != null ? ", cache " + ticketCache : ", default cache") + "]";
    }
}
