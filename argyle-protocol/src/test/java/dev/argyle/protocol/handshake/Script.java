package dev.argyle.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.WireMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link ClientHandshake} against a scripted proxy: the proxy's bytes are fed in the chunk sizes a
 * reader chooses, everything the handshake sends is recorded, and every {@link Step.NeedMore} is checked
 * against the script (it must never ask for a byte past the end of the message being read).
 */
final class Script {
    /** How a reader chooses how many bytes to feed next, given the handshake's hint. */
    interface Reader {
        int next(int hint);
    }

    static final Reader ONE_BYTE = hint -> 1;
    static final Reader AS_HINTED = hint -> hint;

    /** The end of a run: the last step, what was sent, how many script bytes were consumed. */
    record Outcome(Step last, List<byte[]> sent, int consumed, List<Step> replies) {
        byte[] sentBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sent.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    private Script() {
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof WireMessage m) {
                out.writeBytes(m.toBytes());
            } else if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof String s) {
                out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } else {
                throw new IllegalArgumentException("part " + p);
            }
        }
        return out.toByteArray();
    }

    /**
     * Runs until a final reply or a failure, or the script runs out. {@code messageEnds} are the offsets in
     * {@code proxy} where a proxy message ends: a hint may reach one of them but never cross it.
     */
    static Outcome run(ClientHandshake h, byte[] proxy, Reader reader, int... messageEnds) {
        List<byte[]> sent = new ArrayList<>();
        List<Step> replies = new ArrayList<>();
        sent.add(h.start());
        ByteBuffer in = ByteBuffer.allocate(1024).flip();
        int fed = 0;
        while (true) {
            int before = in.remaining();
            Step step = h.receive(in);
            int consumedNow = before - in.remaining();
            if (step instanceof Step.Send s) {
                sent.add(s.bytes());
            } else if (step instanceof Step.NeedMore more) {
                assertThat(consumedNow).as("need-more consumes nothing").isZero();
                int end = nextEnd(messageEnds, fed - in.remaining());
                assertThat(fed + more.bytes()).as("hint %d at offset %d crosses the message end %d",
                        more.bytes(), fed, end).isLessThanOrEqualTo(end);
                int n = Math.min(reader.next(more.bytes()), proxy.length - fed);
                if (n <= 0) {
                    return new Outcome(step, sent, fed - in.remaining(), replies);
                }
                in.compact().put(proxy, fed, n).flip();
                fed += n;
            } else if (step instanceof Step.Reply r) {
                replies.add(r);
                if (r.last()) {
                    return new Outcome(step, sent, fed - in.remaining(), replies);
                }
            } else {
                return new Outcome(step, sent, fed - in.remaining(), replies);
            }
        }
    }

    private static int nextEnd(int[] ends, int consumed) {
        for (int e : ends) {
            if (e > consumed) {
                return e;
            }
        }
        return Integer.MAX_VALUE;
    }
}
