package dev.argyle.server.observe;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The record of one client connection, filled in as the session progresses. Written only from the
 * session's event loop (both of its channels share one), read by listeners when it ends.
 */
public final class Session {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final InetSocketAddress listener;
    private final InetSocketAddress client;
    private int version;
    private String authMethod = "-";
    private String user;
    private String ident;
    private List<String> groups = List.of();
    private String rule;
    private String route;
    private Command command;
    private SocksAddress requested;
    private InetSocketAddress resolved;
    private InetSocketAddress bound;
    private String reply = "-";
    private String error;
    private long bytesUp;
    private long bytesDown;
    private long datagramsUp;
    private long datagramsDown;
    private long datagramsDropped;
    private int destinations;
    private long endNanos;
    private long requestNanos;
    private long replyNanos;
    private boolean authenticated;

    public Session(InetSocketAddress listener, InetSocketAddress client) {
        this.listener = listener;
        this.client = client;
    }

    public long id() { return id; }
    public long startMillis() { return startMillis; }
    public InetSocketAddress listener() { return listener; }
    public InetSocketAddress client() { return client; }
    public int version() { return version; }
    public String authMethod() { return authMethod; }
    public String user() { return user; }
    /** SOCKS4 with ident on: the user the client host's identd named (RFC 1413), or null. */
    public String ident() { return ident; }
    /**
     * True once the password check succeeded: {@link #user()} is then a proven name (it is also set to the name a
     * client tried, and to a SOCKS4 user ID, which nobody checks).
     */
    public boolean authenticated() { return authenticated; }
    /** The authenticated user's groups from the users file; empty when none or not authenticated. */
    public List<String> groups() { return groups; }
    /** The access rule that decided the session (its name, {@code requests#3}, or "default"), or null. */
    public String rule() { return rule; }
    /** The upstream route taken: its name (with #n when a later alternative chain was used), "direct", or null. */
    public String route() { return route; }
    public Command command() { return command; }
    public SocksAddress requested() { return requested; }
    public InetSocketAddress resolved() { return resolved; }
    public InetSocketAddress bound() { return bound; }
    /** The reply sent, e.g. "0x00", "0x5a", or "-" when the session ended before a reply. */
    public String reply() { return reply; }
    /** Why the session failed or ended abnormally, or null. */
    public String error() { return error; }
    /** Bytes relayed from client to destination. */
    public long bytesUp() { return bytesUp; }
    /** Bytes relayed from destination to client. */
    public long bytesDown() { return bytesDown; }
    /** UDP ASSOCIATE: datagrams sent to destinations (bytesUp counts their payload). */
    public long datagramsUp() { return datagramsUp; }
    /** UDP ASSOCIATE: datagrams relayed back to the client (bytesDown counts their payload). */
    public long datagramsDown() { return datagramsDown; }
    /** UDP ASSOCIATE: datagrams dropped (malformed, stranger, fragment, unresolved, ...). */
    public long datagramsDropped() { return datagramsDropped; }
    /** UDP ASSOCIATE: distinct destinations the client sent to. */
    public int destinations() { return destinations; }

    /** Nanoseconds from accept until the request was read (greeting and authentication included), or -1. */
    public long handshakeNanos() {
        return requestNanos == 0 ? -1 : requestNanos - startNanos;
    }

    /** Nanoseconds from the request to the reply (resolving, rules, connecting, routes), or -1. */
    public long replyNanos() {
        return requestNanos == 0 || replyNanos == 0 ? -1 : replyNanos - requestNanos;
    }

    public long durationMillis() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1_000_000;
    }

    public void version(int v) { this.version = v; }
    public void authMethod(String m) { this.authMethod = m; }
    public void user(String u) { this.user = u; }
    public void ident(String u) { this.ident = u; }
    public void groups(List<String> g) { this.groups = List.copyOf(g); }
    public void authenticated(boolean a) { this.authenticated = a; }
    public void rule(String r) { this.rule = r; }
    public void route(String r) { this.route = r; }
    public void request(Command c, SocksAddress destination) {
        this.command = c;
        this.requested = destination;
        this.requestNanos = System.nanoTime();
    }

    public void resolved(InetSocketAddress a) { this.resolved = a; }
    public void bound(InetSocketAddress a) { this.bound = a; }
    public void reply(String r) {
        this.reply = r;
        if (!"-".equals(r) && replyNanos == 0) {
            replyNanos = System.nanoTime();
        }
    }

    /** Keeps the first error: later ones are usually consequences of it. */
    public void error(String e) {
        if (this.error == null) {
            this.error = e;
        }
    }

    public void addUp(long n) { bytesUp += n; }
    public void addDown(long n) { bytesDown += n; }
    public void addDatagramsUp(long n) { datagramsUp += n; }
    public void addDatagramsDown(long n) { datagramsDown += n; }
    public void addDatagramsDropped(long n) { datagramsDropped += n; }
    public void addDestinations(int n) { destinations += n; }

    /** Marks the end; returns false if it was already ended (so listeners hear of it once). */
    public boolean end() {
        if (endNanos != 0) {
            return false;
        }
        endNanos = System.nanoTime();
        return true;
    }
}
