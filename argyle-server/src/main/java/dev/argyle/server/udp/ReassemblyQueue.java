package dev.argyle.server.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The reassembly queue of one association (RFC 1928 section 7). FRAG 1..127 gives a fragment's position and
 * the high bit (0x80) marks the last one. Fragments must come in order, 1, 2, 3...: anything else (a gap, a
 * repeat, a lower position, a fragment after the queue timed out, one naming another destination than
 * fragment 1) abandons the queue, and so does a payload that would take the queue past its byte limit. A
 * fragment 1 always starts a new queue, abandoning one in progress. Payloads are copied into one buffer
 * whose capacity can never exceed the limit, so the memory held is bounded whatever the client sends.
 *
 * <p>Pure bookkeeping: the caller supplies the time and runs the timer (see {@link #deadlineNanos}). Used on
 * one event loop only.
 */
final class ReassemblyQueue {
    enum Outcome {
        /** Held; more fragments are expected. */
        QUEUED,
        /** That was the last fragment: {@link #take} the datagram. */
        COMPLETE,
        /** Dropped; {@link #lastDropped} tells how many fragments went with it (held ones included). */
        DROPPED
    }

    private final ByteBufAllocator alloc;
    private final int maxBytes;
    private final long timeoutNanos;
    private ByteBuf held;
    private ByteBuf completed;
    private byte[] destination;
    private int position;
    private int fragments;
    private long deadlineNanos;
    private int lastDropped;
    private int peakBytes;
    private int abandoned;

    ReassemblyQueue(ByteBufAllocator alloc, int maxBytes, long timeoutNanos) {
        this.alloc = alloc;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Offers the fragment whose header ({@code headerLength} bytes, FRAG {@code frag} != 0) is at
     * {@code datagram}'s reader index. Never takes ownership of {@code datagram}.
     */
    Outcome offer(int frag, ByteBuf datagram, int headerLength, long nowNanos) {
        lastDropped = 0;
        releaseCompleted();
        if (held != null && nowNanos - deadlineNanos >= 0) {
            abandon(); // the timer has not run yet, but the time is up: this fragment is late
        }
        int at = frag & 0x7F;
        int keyOffset = datagram.readerIndex() + UdpHeaders.ADDRESS_OFFSET;
        int keyLength = headerLength - UdpHeaders.ADDRESS_OFFSET;
        int payload = datagram.readableBytes() - headerLength;
        if (at == 1) {
            abandon();
            if (payload > maxBytes) {
                return dropOffered();
            }
            destination = new byte[keyLength];
            datagram.getBytes(keyOffset, destination);
            held = alloc.ioBuffer(Math.min(maxBytes, Math.max(256, 2 * payload)), maxBytes);
            deadlineNanos = nowNanos + timeoutNanos;
        } else if (held == null || at != position + 1 || !sameDestination(datagram, keyOffset, keyLength)
                || held.readableBytes() + payload > maxBytes) {
            abandon();
            return dropOffered();
        }
        held.writeBytes(datagram, datagram.readerIndex() + headerLength, payload);
        position = at;
        fragments++;
        peakBytes = Math.max(peakBytes, held.readableBytes());
        if ((frag & 0x80) == 0) {
            return Outcome.QUEUED;
        }
        completed = held;
        held = null;
        fragments = 0;
        position = 0;
        return Outcome.COMPLETE;
    }

    /**
     * After {@link Outcome#COMPLETE}, before the next offer: the reassembled payload, which the caller then
     * owns. (Not taken, it is released by the next offer or {@link #abandon}.)
     */
    ByteBuf take() {
        ByteBuf out = completed;
        completed = null;
        return out;
    }

    /** After {@link Outcome#COMPLETE}, until the next offer: the ATYP..DST.PORT bytes of fragment 1. */
    byte[] destination() {
        return destination;
    }

    /** Drops whatever is held (timer expiry, a standalone datagram, close); returns how many fragments. */
    int abandon() {
        releaseCompleted();
        if (held == null) {
            return 0;
        }
        int n = fragments;
        held.release();
        held = null;
        fragments = 0;
        position = 0;
        lastDropped += n;
        abandoned++;
        return n;
    }

    /** Fragments dropped by the last {@link #offer}, the offered one included when it was dropped. */
    int lastDropped() {
        return lastDropped;
    }

    boolean isActive() {
        return held != null;
    }

    /** When the queue in progress times out (meaningful while {@link #isActive}). */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Payload bytes held now. */
    int heldBytes() {
        return held == null ? 0 : held.readableBytes();
    }

    /** Memory reserved now (the buffer's capacity): never above the limit. */
    int reservedBytes() {
        return held == null ? 0 : held.capacity();
    }

    /** The most payload bytes ever held at once. */
    int peakBytes() {
        return peakBytes;
    }

    /** Queues abandoned so far. */
    int abandonedQueues() {
        return abandoned;
    }

    private void releaseCompleted() {
        if (completed != null) {
            completed.release();
            completed = null;
        }
    }

    private Outcome dropOffered() {
        lastDropped++;
        return Outcome.DROPPED;
    }

    private boolean sameDestination(ByteBuf datagram, int offset, int length) {
        if (destination.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (destination[i] != datagram.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }
}
