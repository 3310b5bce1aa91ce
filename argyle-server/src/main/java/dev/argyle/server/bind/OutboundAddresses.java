package dev.argyle.server.bind;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per client IP, the local address of its latest outbound CONNECT: the address this server shows the
 * outside world on that client's behalf, and so the one a BIND should listen on. Bounded: past
 * {@code capacity} client addresses an arbitrary entry is dropped (a BIND from that client then falls back
 * to the configured address); concurrent writers may overshoot the bound by a few entries. Thread-safe;
 * the common write (same client, same address as before) is a lock-free read.
 */
public final class OutboundAddresses {
    /** Enough for every client of a busy server; about 100 bytes each. */
    public static final int DEFAULT_CAPACITY = 4096;

    private final int capacity;
    private final Map<InetAddress, InetAddress> latest = new ConcurrentHashMap<>();

    public OutboundAddresses(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records that {@code client} was just connected out from {@code outboundLocal}. */
    public void remember(InetAddress client, InetSocketAddress outboundLocal) {
        InetAddress local = outboundLocal == null ? null : outboundLocal.getAddress();
        if (client == null || local == null || local.equals(latest.get(client))) {
            return;
        }
        if (latest.size() >= capacity && !latest.containsKey(client)) {
            Iterator<InetAddress> any = latest.keySet().iterator();
            if (any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        latest.put(client, local);
    }

    /** The local address of {@code client}'s latest outbound connection, or null if none is known. */
    public InetAddress lookup(InetAddress client) {
        return client == null ? null : latest.get(client);
    }

    /** How many clients are remembered; for tests. */
    int size() {
        return latest.size();
    }
}
