package dev.argyle.protocol;

import java.nio.ByteBuffer;

/**
 * Decodes one message from the bytes between a buffer's position and limit.
 *
 * <p>Contract: on {@link DecodeResult.Done} the position is just past the message (bytes after it are
 * left for the next decoder, so pipelined messages work); on {@link DecodeResult.NeedMore} and
 * {@link DecodeResult.Malformed} the position is unchanged. A message split over many reads is decoded by
 * calling again with more bytes. Decoders are stateless and thread-safe. Every message has a bounded size,
 * so a decoder never asks for more than that many bytes.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Decoder<T> {
    DecodeResult<T> decode(ByteBuffer in);
}
