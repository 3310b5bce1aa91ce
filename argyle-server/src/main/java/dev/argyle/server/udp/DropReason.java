package dev.argyle.server.udp;

/** Why a datagram was not relayed; each reason has its own counter in {@link UdpCounters}. */
public enum DropReason {
    /** Shorter than its header, unknown ATYP, truncated address, empty or overlong domain name. */
    MALFORMED,
    /** From an address other than the association's client (its learned or declared UDP source). */
    STRANGER,
    /**
     * A fragment (FRAG != 0) that could not be reassembled: fragments are off, it came out of order or late,
     * it named another destination than the first fragment, the queue outgrew its byte limit, or a queue was
     * abandoned with it inside. Counted per fragment.
     */
    FRAGMENT,
    /** The destination name did not resolve (or too many datagrams were already waiting for names). */
    UNRESOLVED,
    /** The request rules block the destination (decided once per destination and association). */
    BLOCKED,
    /** The destination is unusable (port 0, 0.0.0.0 or ::) or the kernel refused to send to it. */
    NO_ROUTE,
    /** A reply too large to carry once the SOCKS header is put in front of it. */
    OVERSIZE,
    /** The socket's send queue was full. */
    CONGESTED,
    /**
     * No payload after the header. Netty's transports do not send a zero-length datagram, and epoll's
     * batched send (sendmmsg) mishandles one: the datagrams queued after it go out twice.
     */
    EMPTY,
    /** A reply from a remote host before the client's UDP source is known (nothing was sent yet). */
    NO_CLIENT,
    /** Over {@code limits.udp-datagrams-per-second} for its association and direction. */
    RATE;

    /** Lower-case, hyphenated: "no-route". */
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
