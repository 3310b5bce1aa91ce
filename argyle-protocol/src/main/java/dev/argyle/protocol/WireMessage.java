package dev.argyle.protocol;

import java.nio.ByteBuffer;

/** A message that knows its exact encoded size and writes itself at a buffer's position. */
public interface WireMessage {
    int encodedLength();

    /** Writes {@link #encodedLength()} bytes at {@code out}'s position and advances it. */
    void encodeTo(ByteBuffer out);

    /** The encoded bytes in a new array. */
    default byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(encodedLength());
        encodeTo(out);
        return out.array();
    }
}
