package dev.argyle.server.udp;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import java.net.InetSocketAddress;

/**
 * The encoded header (FRAG 0, ATYP, source address and port) put in front of replies, for the last few
 * remote sources of one association: a reply from a source seen recently costs no allocation beyond the
 * buffer it is sent in. Replaced in turn when full. Used on the association's event loop only.
 */
final class SourceHeaders {
    static final int CAPACITY = 16;

    private final InetSocketAddress[] sources = new InetSocketAddress[CAPACITY];
    private final byte[][] headers = new byte[CAPACITY][];
    private int size;
    private int victim;
    private int last;

    /** The header naming {@code source} (an IPv4-mapped IPv6 source is named as IPv4). */
    byte[] headerFor(InetSocketAddress source) {
        if (size > 0 && sources[last].equals(source)) {
            return headers[last];
        }
        for (int i = 0; i < size; i++) {
            if (sources[i].equals(source)) {
                last = i;
                return headers[i];
            }
        }
        int slot;
        if (size < CAPACITY) {
            slot = size++;
        } else {
            slot = victim;
            victim = (victim + 1) % CAPACITY;
        }
        sources[slot] = source;
        SocksAddress named = SocksAddress.of(ClientSource.normalize(source.getAddress()), source.getPort());
        headers[slot] = new Socks5UdpHeader(0, named).toBytes();
        last = slot;
        return headers[slot];
    }
}
