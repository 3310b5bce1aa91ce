package dev.argyle.protocol;

/**
 * What an incremental {@link Decoder} made of the bytes it was given.
 *
 * @param <T> the message type
 */
public sealed interface DecodeResult<T> {

    /** The bytes so far are a valid prefix; nothing was consumed. */
    record NeedMore<T>() implements DecodeResult<T> {
    }

    /** A whole message was decoded and its bytes consumed. */
    record Done<T>(T message) implements DecodeResult<T> {
    }

    /**
     * The bytes can never become a valid message. {@code reply} is what a server should answer where the
     * protocol has an answer (SOCKS5 requests); nothing was consumed.
     */
    record Malformed<T>(ReplyCode reply, String reason) implements DecodeResult<T> {
    }

    @SuppressWarnings("rawtypes")
    NeedMore NEED_MORE = new NeedMore();

    @SuppressWarnings("unchecked")
    static <T> DecodeResult<T> needMore() {
        return (DecodeResult<T>) NEED_MORE;
    }

    static <T> DecodeResult<T> done(T message) {
        return new Done<>(message);
    }

    static <T> DecodeResult<T> malformed(String reason) {
        return new Malformed<>(ReplyCode.GENERAL_FAILURE, reason);
    }

    static <T> DecodeResult<T> malformed(ReplyCode reply, String reason) {
        return new Malformed<>(reply, reason);
    }
}
