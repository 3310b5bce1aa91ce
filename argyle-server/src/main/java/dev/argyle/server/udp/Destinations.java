package dev.argyle.server.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One association's destinations, keyed by the raw ATYP..DST.PORT bytes of the header, so that finding the
 * destination of a datagram compares bytes in place and allocates nothing. Bounded: at most
 * {@link #CAPACITY} entries, replaced in turn when full (an entry waiting for its name is never replaced).
 * Names are resolved once and kept for {@link #NAME_TTL_NANOS} (failures for {@link #FAILURE_TTL_NANOS});
 * IP literals never expire. Datagrams for a name still resolving wait here as copies, bounded in count and
 * bytes per association. Used only on the association's event loop.
 */
final class Destinations {
    static final int CAPACITY = 64;
    static final long NAME_TTL_NANOS = 60_000_000_000L;
    static final long FAILURE_TTL_NANOS = 5_000_000_000L;
    static final int MAX_WAITING_DATAGRAMS = 32;
    static final int MAX_WAITING_BYTES = 64 * 1024;

    enum State { READY, RESOLVING, FAILED, UNUSABLE, BLOCKED }

    /** One destination as the client named it. */
    static final class Entry {
        final byte[] key;
        /** The name to resolve, or null for an IP literal. */
        final String name;
        final int port;
        State state;
        InetSocketAddress address;
        long expiresNanos = Long.MAX_VALUE;
        private ArrayDeque<ByteBuf> waiting;

        Entry(byte[] key, String name, int port) {
            this.key = key;
            this.name = name;
            this.port = port;
        }

        boolean expired(long nowNanos) {
            return name != null && state != State.RESOLVING && nowNanos - expiresNanos >= 0;
        }

        /** Records where the name or literal leads; 0.0.0.0, :: and port 0 are not destinations. */
        void resolved(InetAddress ip, long nowNanos) {
            address = new InetSocketAddress(ip, port);
            state = ip.isAnyLocalAddress() || port == 0 ? State.UNUSABLE : State.READY;
            expiresNanos = nowNanos + NAME_TTL_NANOS;
        }

        void failed(long nowNanos) {
            address = null;
            state = State.FAILED;
            expiresNanos = nowNanos + FAILURE_TTL_NANOS;
        }

        @Override
        public String toString() {
            return (name != null ? name + ":" + port : String.valueOf(address)) + " " + state;
        }
    }

    private final Entry[] entries = new Entry[CAPACITY];
    private int size;
    private int victim;
    private int last = -1;
    private int waitingDatagrams;
    private int waitingBytes;

    /** The entry whose key equals {@code length} bytes of {@code buf} at {@code offset}, or null. */
    Entry find(ByteBuf buf, int offset, int length) {
        if (last >= 0 && matches(entries[last], buf, offset, length)) {
            return entries[last];
        }
        for (int i = 0; i < size; i++) {
            if (matches(entries[i], buf, offset, length)) {
                last = i;
                return entries[i];
            }
        }
        return null;
    }

    /**
     * Adds the destination named by the key bytes (already checked by {@link UdpHeaders#length}); IP
     * literals, and names that are IP literals, come back READY or UNUSABLE, other names RESOLVING. Returns
     * null when every slot holds a name still resolving.
     */
    Entry add(ByteBuf buf, int offset, int length, long nowNanos) {
        int slot = freeSlot();
        if (slot < 0) {
            return null;
        }
        byte[] key = new byte[length];
        buf.getBytes(offset, key);
        int port = ((key[length - 2] & 0xFF) << 8) | (key[length - 1] & 0xFF);
        Entry e;
        if (key[0] == 0x03) {
            String name = new String(key, 2, key[1] & 0xFF, StandardCharsets.ISO_8859_1);
            e = new Entry(key, name, port);
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(name);
            if (literal != null) {
                e.resolved(byAddress(literal), nowNanos);
            } else {
                e.state = State.RESOLVING;
            }
        } else {
            byte[] ip = new byte[key[0] == 0x01 ? 4 : 16];
            System.arraycopy(key, 1, ip, 0, ip.length);
            e = new Entry(key, null, port);
            e.resolved(byAddress(ip), nowNanos);
            e.expiresNanos = Long.MAX_VALUE;
        }
        entries[slot] = e;
        last = slot;
        return e;
    }

    /** Keeps a copy of {@code payload} until {@code e}'s name resolves; false when the waiting room is full. */
    boolean hold(Entry e, ByteBuf payload, ByteBufAllocator alloc) {
        int n = payload.readableBytes();
        if (waitingDatagrams >= MAX_WAITING_DATAGRAMS || waitingBytes + n > MAX_WAITING_BYTES) {
            return false;
        }
        if (e.waiting == null) {
            e.waiting = new ArrayDeque<>(4);
        }
        e.waiting.add(alloc.ioBuffer(n).writeBytes(payload, payload.readerIndex(), n));
        waitingDatagrams++;
        waitingBytes += n;
        return true;
    }

    /** The next datagram that waited for {@code e}, or null; the caller owns it. */
    ByteBuf nextWaiting(Entry e) {
        ByteBuf b = e.waiting == null ? null : e.waiting.poll();
        if (b != null) {
            waitingDatagrams--;
            waitingBytes -= b.readableBytes();
        }
        return b;
    }

    /** Releases every waiting datagram (the association is closing); returns how many there were. */
    int releaseAll() {
        int released = 0;
        for (int i = 0; i < size; i++) {
            ByteBuf b;
            while ((b = nextWaiting(entries[i])) != null) {
                b.release();
                released++;
            }
        }
        return released;
    }

    private int freeSlot() {
        if (size < CAPACITY) {
            return size++;
        }
        for (int tries = 0; tries < CAPACITY; tries++) {
            int i = victim;
            victim = (victim + 1) % CAPACITY;
            if (entries[i].state != State.RESOLVING) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(Entry e, ByteBuf buf, int offset, int length) {
        byte[] key = e.key;
        if (key.length != length) {
            return false;
        }
        for (int i = length - 1; i >= 0; i--) { // port first: it differs most often
            if (key[i] != buf.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
