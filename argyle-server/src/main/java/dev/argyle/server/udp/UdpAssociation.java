package dev.argyle.server.udp;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.config.UdpConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.server.relay.Reading;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.server.udp.Destinations.Entry;
import dev.argyle.server.udp.Destinations.State;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One UDP association: the client-facing socket ({@code relay}, bound to the address the client reached us
 * on), the outbound socket (wildcard address, any destination of either family), and the TCP control
 * connection whose end ends it. Everything runs on the control connection's event loop, which all three
 * channels share, so nothing here is locked.
 *
 * <p>Up: a datagram from the client's source is checked, its header parsed in place, and its buffer sent on
 * with the reader index moved past the header (no copy). Down: a reply gets the header naming its source in
 * one pooled buffer with the payload. Writes are flushed once per read batch. Drops are counted in the
 * session and in {@link UdpCounters}, never logged per datagram.
 *
 * <p>Through a route ({@link #via}): every datagram from the client goes to the upstream proxy's UDP relay
 * with its SOCKS header (RSV zeroed, names left as names: the upstream resolves them), and only datagrams
 * from that relay are replies: their header already names the real source, so they go to the client as they
 * are. The upstream's TCP control connection lives and dies with the association.
 */
final class UdpAssociation {
    /** Largest UDP payload an IPv4 / IPv6 datagram can carry. */
    private static final int MAX_PAYLOAD_V4 = 65_507;
    private static final int MAX_PAYLOAD_V6 = 65_527;

    private final CommandContext context;
    private final Session session;
    private final Channel control;
    private final EventLoop loop;
    private final UdpConfig config;
    private final Resolver resolver;
    private final UdpCounters counters;
    private final ClientSource source;
    private final Destinations destinations = new Destinations();
    private final SourceHeaders headers = new SourceHeaders();
    private final long idleTimeoutNanos;
    private Fragments fragments;
    private Channel relay;
    private Channel outbound;
    private boolean started;
    private boolean closed;
    private boolean outboundDirty;
    private boolean relayDirty;
    private boolean activeInBatch;
    private long lastActivityNanos;
    private ScheduledFuture<?> idleTimer;
    /** Through a route: the upstream's UDP relay, its control connection and the route label; else null. */
    private InetSocketAddress upstreamRelay;
    private Channel upstreamControl;
    private String upstreamLabel;
    /** Through a route: the request rules' answer per destination (as named by the client), bounded. */
    private Map<SocksAddress, Boolean> upstreamPermits;
    /** {@code limits.udp-datagrams-per-second}, or null when unlimited. */
    private DatagramRate rate;

    UdpAssociation(CommandContext context, UdpConfig config, Resolver resolver, UdpCounters counters,
                   ClientSource source) {
        this.context = context;
        this.session = context.session();
        this.control = context.client();
        this.loop = control.eventLoop();
        this.config = config;
        this.resolver = resolver;
        this.counters = counters;
        this.source = source;
        this.idleTimeoutNanos = Math.max(1, config.idleTimeout().toNanos());
    }

    /**
     * Before {@link #start}: the association goes through an upstream proxy whose UDP relay is {@code relay},
     * over the control connection {@code control} (hop 1's TCP connection, its handshake done).
     */
    void via(Channel control, InetSocketAddress relay, String label) {
        this.upstreamControl = control;
        this.upstreamRelay = new InetSocketAddress(ClientSource.normalize(relay.getAddress()), relay.getPort());
        this.upstreamLabel = label;
        this.upstreamPermits = new HashMap<>();
    }

    /** Before {@link #start}: at most {@code perSecond} datagrams per second each way; 0 = no limit. */
    void limitRate(int perSecond) {
        this.rate = perSecond > 0 ? new DatagramRate(perSecond, System::nanoTime) : null;
    }

    /**
     * After the success reply: watches the control connection (its end, EOF, or any byte it sends, which is
     * discarded), hands it over from the handshake, and starts the idle timer.
     */
    void start(Channel relay, Channel outbound) {
        this.relay = relay;
        this.outbound = outbound;
        this.fragments = new Fragments(loop, config, relay.alloc(), counters, this::drop);
        relay.closeFuture().addListener(f -> close(null));
        outbound.closeFuture().addListener(f -> close(null));
        control.pipeline().addLast("udp-control", new ControlHandler(this));
        // Before takeOver: the handshake reports the session ended after this has closed the association.
        control.closeFuture().addListener(f -> close(null));
        if (upstreamControl != null) {
            String ended = "route " + upstreamLabel + ": the upstream proxy closed the association's control connection";
            upstreamControl.closeFuture().addListener(f -> close(ended));
            upstreamControl.pipeline().addLast("udp-upstream-control",
                    new ControlHandler(this, "route " + upstreamLabel + " upstream", ended));
            Reading.resume(upstreamControl);
        }
        context.takeOver();
        started = true;
        counters.associationOpened();
        lastActivityNanos = System.nanoTime();
        idleTimer = loop.schedule(this::checkIdle, idleTimeoutNanos, TimeUnit.NANOSECONDS);
        if (control instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            close(null); // the client sent EOF right after its request
        } else {
            Reading.resume(control);
        }
    }

    /** A datagram on the client-facing socket. Takes ownership. */
    void fromClient(DatagramPacket packet) {
        ByteBuf buf = packet.content();
        if (!started || closed || !source.accepts(packet.sender())) {
            drop(DropReason.STRANGER, 1);
            buf.release();
            return;
        }
        if (rate != null && !rate.allowUp()) {
            overRate(buf);
            return;
        }
        int headerLength = UdpHeaders.length(buf);
        if (headerLength < 0) {
            drop(DropReason.MALFORMED, 1);
            buf.release();
            return;
        }
        source.learn(packet.sender());
        activeInBatch = true;
        int frag = UdpHeaders.fragment(buf);
        if (upstreamRelay != null) {
            toUpstream(frag, buf, headerLength);
            return;
        }
        if (frag != 0) {
            fromFragment(frag, buf, headerLength);
            return;
        }
        fragments.standalone();
        int keyAt = buf.readerIndex() + UdpHeaders.ADDRESS_OFFSET;
        Entry e = destination(buf, keyAt, headerLength - UdpHeaders.ADDRESS_OFFSET);
        if (e == null) {
            buf.release();
            return;
        }
        buf.skipBytes(headerLength);
        send(e, buf);
    }

    /** A fragment from the client (owned): queued, dropped, or the last one, sending the whole datagram. */
    private void fromFragment(int frag, ByteBuf buf, int headerLength) {
        ByteBuf whole = fragments.offer(frag, buf, headerLength);
        buf.release();
        if (whole != null) {
            byte[] key = fragments.destination();
            Entry e = destination(Unpooled.wrappedBuffer(key), 0, key.length);
            if (e == null) {
                whole.release();
            } else {
                send(e, whole);
            }
        }
    }

    /**
     * Through a route, a datagram from the client (owned, header checked): sent to the upstream relay with
     * the client's header, RSV zeroed (no copy); fragments are reassembled first and get a FRAG 0 header.
     */
    private void toUpstream(int frag, ByteBuf buf, int headerLength) {
        ByteBuf datagram;
        int keyAt;
        if (frag != 0) {
            ByteBuf whole = fragments.offer(frag, buf, headerLength);
            buf.release();
            if (whole == null) {
                return;
            }
            byte[] key = fragments.destination();
            headerLength = UdpHeaders.ADDRESS_OFFSET + key.length;
            datagram = outbound.alloc().ioBuffer(headerLength + whole.readableBytes());
            datagram.writeZero(UdpHeaders.ADDRESS_OFFSET).writeBytes(key).writeBytes(whole);
            whole.release();
        } else {
            fragments.standalone();
            datagram = buf;
            datagram.setShort(datagram.readerIndex(), 0);
        }
        int n = datagram.readableBytes() - headerLength;
        keyAt = datagram.readerIndex() + UdpHeaders.ADDRESS_OFFSET;
        if (n == 0) {
            datagram.release();
            drop(DropReason.EMPTY, 1);
        } else if (!permittedUpstream(datagram, keyAt)) {
            datagram.release();
            drop(DropReason.BLOCKED, 1);
        } else if (!writable(outbound)) {
            datagram.release();
            drop(DropReason.CONGESTED, 1);
        } else {
            outbound.write(new DatagramPacket(datagram, upstreamRelay), outbound.voidPromise());
            outboundDirty = true;
            session.addUp(n);
            session.addDatagramsUp(1);
            counters.up(n);
        }
    }

    /**
     * The request rules for a destination sent upstream, once per destination: a name is not resolved here
     * (the upstream resolves it), so only what the name alone decides applies, as for CONNECT via socks5h.
     */
    private boolean permittedUpstream(ByteBuf buf, int keyAt) {
        SocksAddress named = addressAt(buf, keyAt);
        Boolean known = upstreamPermits.get(named);
        if (known != null) {
            return known;
        }
        InetAddress address = named.isDomain() ? null : named.address();
        boolean permitted = !context.authorize(named, address).blocked();
        if (upstreamPermits.size() >= Destinations.CAPACITY) {
            upstreamPermits.clear();
        }
        upstreamPermits.put(named, permitted);
        session.addDestinations(1);
        return permitted;
    }

    /** The ATYP..DST.PORT of a header already checked by {@link UdpHeaders#length}, at {@code at}. */
    private static SocksAddress addressAt(ByteBuf buf, int at) {
        int atyp = buf.getUnsignedByte(at);
        try {
            if (atyp == 0x03) {
                int len = buf.getUnsignedByte(at + 1);
                String name = buf.toString(at + 2, len, java.nio.charset.StandardCharsets.US_ASCII);
                return SocksAddress.domain(name, buf.getUnsignedShort(at + 2 + len));
            }
            byte[] raw = new byte[atyp == 0x01 ? 4 : 16];
            buf.getBytes(at + 1, raw);
            return SocksAddress.of(InetAddress.getByAddress(raw), buf.getUnsignedShort(at + 1 + raw.length));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e); // a raw address of 4 or 16 bytes
        }
    }

    /**
     * Through a route, a datagram on the outbound socket (owned): from the upstream relay, a reply whose
     * header names its real source, sent to the client as it is (RSV zeroed); from anyone else, a stranger.
     */
    private void fromUpstream(DatagramPacket packet) {
        ByteBuf buf = packet.content();
        InetSocketAddress sender = packet.sender();
        InetSocketAddress client = source.current();
        int headerLength;
        if (closed) {
            // released below, not counted: the association is over
        } else if (sender.getPort() != upstreamRelay.getPort()
                || !ClientSource.normalize(sender.getAddress()).equals(upstreamRelay.getAddress())) {
            drop(DropReason.STRANGER, 1);
        } else if ((headerLength = UdpHeaders.length(buf)) < 0) {
            drop(DropReason.MALFORMED, 1);
        } else if (UdpHeaders.fragment(buf) != 0) {
            drop(DropReason.FRAGMENT, 1);
        } else if (rate != null && !rate.allowDown()) {
            overRate(buf);
            return;
        } else if (client == null) {
            drop(DropReason.NO_CLIENT, 1);
        } else if (buf.readableBytes() > (client.getAddress() instanceof Inet6Address ? MAX_PAYLOAD_V6
                : MAX_PAYLOAD_V4)) {
            drop(DropReason.OVERSIZE, 1);
        } else if (!writable(relay)) {
            drop(DropReason.CONGESTED, 1);
        } else {
            int n = buf.readableBytes() - headerLength;
            buf.setShort(buf.readerIndex(), 0);
            relay.write(new DatagramPacket(buf, client), relay.voidPromise());
            relayDirty = true;
            activeInBatch = true;
            session.addDown(n);
            session.addDatagramsDown(1);
            counters.down(n);
            return;
        }
        buf.release();
    }

    /** A datagram on the outbound socket: a reply from some remote host. Takes ownership. */
    void fromRemote(DatagramPacket packet) {
        if (upstreamRelay != null) {
            fromUpstream(packet);
            return;
        }
        ByteBuf payload = packet.content();
        try {
            if (closed) {
                return;
            }
            InetSocketAddress client = source.current();
            if (client == null) {
                drop(DropReason.NO_CLIENT, 1);
                return;
            }
            if (rate != null && !rate.allowDown()) {
                drop(DropReason.RATE, 1);
                counters.rateLimited(who(), rate.perSecond());
                return;
            }
            byte[] header = headers.headerFor(packet.sender());
            int n = payload.readableBytes();
            int max = client.getAddress() instanceof Inet4Address ? MAX_PAYLOAD_V4 : MAX_PAYLOAD_V6;
            if (header.length + n > max) {
                drop(DropReason.OVERSIZE, 1);
                return;
            }
            if (!writable(relay)) {
                drop(DropReason.CONGESTED, 1);
                return;
            }
            ByteBuf out = relay.alloc().ioBuffer(header.length + n);
            out.writeBytes(header).writeBytes(payload, payload.readerIndex(), n);
            relay.write(new DatagramPacket(out, client), relay.voidPromise());
            relayDirty = true;
            activeInBatch = true;
            session.addDown(n);
            session.addDatagramsDown(1);
            counters.down(n);
        } finally {
            payload.release();
        }
    }

    /** End of a read batch on either socket: one flush per batch (sendmmsg on epoll), activity noted. */
    void readComplete() {
        if (outboundDirty) {
            outboundDirty = false;
            outbound.flush();
        }
        if (relayDirty) {
            relayDirty = false;
            relay.flush();
        }
        if (activeInBatch) {
            activeInBatch = false;
            lastActivityNanos = System.nanoTime();
        }
    }

    /** A send failed (or a socket reported an error): count it, carry on. */
    void sendFailed() {
        if (!closed) {
            drop(DropReason.NO_ROUTE, 1);
        }
    }

    /**
     * Ends the association at once: timers cancelled, held datagrams released, both UDP sockets and the
     * control connection closed. Idempotent.
     *
     * @param error why, for the access log, or null for a normal end (the client closed its connection)
     */
    void close(String error) {
        if (closed) {
            return;
        }
        closed = true;
        if (error != null) {
            session.error(error);
        }
        cancel(idleTimer);
        if (fragments != null) {
            fragments.close();
        }
        int waiting = destinations.releaseAll();
        if (waiting > 0) {
            drop(DropReason.UNRESOLVED, waiting);
        }
        if (relay != null) {
            relay.close();
        }
        if (outbound != null) {
            outbound.close();
        }
        if (upstreamControl != null) {
            upstreamControl.close();
        }
        control.close();
    }

    /** The cache entry for the destination key at {@code offset}, created (and resolved) when new; null if full. */
    private Entry destination(ByteBuf buf, int offset, int length) {
        Entry e = destinations.find(buf, offset, length);
        if (e == null) {
            e = destinations.add(buf, offset, length, System.nanoTime());
            if (e == null) {
                drop(DropReason.UNRESOLVED, 1);
                return null;
            }
            session.addDestinations(1);
            permit(e);
            if (e.state == State.RESOLVING) {
                resolve(e);
            }
        } else if (e.name != null && e.expired(System.nanoTime())) {
            e.state = State.RESOLVING;
            resolve(e);
        }
        return e;
    }

    private void resolve(Entry e) {
        resolver.resolve(e.name, loop).addListener((Future<List<InetAddress>> f) -> {
            if (closed) {
                return; // close() released what was waiting
            }
            long now = System.nanoTime();
            List<InetAddress> found = f.isSuccess() ? f.getNow() : null;
            if (found == null || found.isEmpty()) {
                e.failed(now);
            } else {
                e.resolved(found.get(0), now);
                permit(e);
            }
            ByteBuf waiting;
            boolean any = false;
            while ((waiting = destinations.nextWaiting(e)) != null) {
                send(e, waiting);
                any = true;
            }
            if (any && outboundDirty) {
                outboundDirty = false;
                outbound.flush();
            }
        });
    }

    /** Sends {@code payload} (owned) to {@code e}, or holds it while the name resolves, or drops it. */
    private void send(Entry e, ByteBuf payload) {
        if (!payload.isReadable()) {
            payload.release();
            drop(DropReason.EMPTY, 1);
            return;
        }
        switch (e.state) {
            case READY -> {
                if (!writable(outbound)) {
                    payload.release();
                    drop(DropReason.CONGESTED, 1);
                    return;
                }
                int n = payload.readableBytes();
                outbound.write(new DatagramPacket(payload, e.address), outbound.voidPromise());
                outboundDirty = true;
                session.addUp(n);
                session.addDatagramsUp(1);
                counters.up(n);
            }
            case RESOLVING -> {
                if (!destinations.hold(e, payload, outbound.alloc())) {
                    drop(DropReason.UNRESOLVED, 1);
                }
                payload.release();
            }
            case FAILED -> {
                payload.release();
                drop(DropReason.UNRESOLVED, 1);
            }
            case BLOCKED -> {
                payload.release();
                drop(DropReason.BLOCKED, 1);
            }
            case UNUSABLE -> {
                payload.release();
                drop(DropReason.NO_ROUTE, 1);
            }
        }
    }

    /**
     * The request rules for a destination that has just become usable (a literal, or a name with its new
     * address): checked once, and the answer kept in the cache entry until the name is resolved again.
     */
    private void permit(Entry e) {
        if (e.state == State.READY) {
            SocksAddress named = e.name != null ? SocksAddress.domain(e.name, e.port) : SocksAddress.of(e.address);
            if (context.authorize(named, e.address.getAddress()).blocked()) {
                e.state = State.BLOCKED;
            }
        }
    }

    /** Whether {@code ch} can take another datagram; a full queue is flushed once before giving up. */
    private static boolean writable(Channel ch) {
        if (ch.isWritable()) {
            return true;
        }
        ch.flush();
        return ch.isWritable();
    }

    private void checkIdle() {
        idleTimer = null;
        if (closed) {
            return;
        }
        long idle = System.nanoTime() - lastActivityNanos;
        if (idle >= idleTimeoutNanos) {
            close("udp idle timeout");
        } else {
            idleTimer = loop.schedule(this::checkIdle, idleTimeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    /** Drops {@code buf} (owned) for the datagram rate, counted and logged (rate-limited). */
    private void overRate(ByteBuf buf) {
        buf.release();
        drop(DropReason.RATE, 1);
        counters.rateLimited(who(), rate.perSecond());
    }

    private String who() {
        return "udp association of session " + session.id() + " (client " + session.client().getAddress().getHostAddress() + ")";
    }

    private void drop(DropReason reason, int count) {
        if (count > 0) {
            counters.dropped(reason, count);
            session.addDatagramsDropped(count);
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
