package dev.argyle.server.limit;

/** The sizes a bandwidth limit implies, in one place. */
public final class Shaping {
    /** The largest read a shaped channel makes; Netty's default largest read as well. */
    public static final int MAX_CHUNK = 64 * 1024;
    private static final int MIN_CHUNK = 1024;

    private Shaping() {
    }

    /**
     * A bucket's capacity: a tenth of a second's worth. Small, so that a limited transfer runs at the rate from
     * its start rather than after a long burst; not zero, so that a stream reading in chunks is not paused after
     * every one of them.
     */
    public static long burst(long rate) {
        return Math.max(1, rate / 10);
    }

    /**
     * How much a shaped channel reads at once for the slowest of its limits: a tenth of a second's worth, 1 to
     * 64 KiB. Bytes are counted after they are read, so this bounds both the overshoot and the pause after one
     * read: the stream moves in small steps rather than in long silences (which an idle timeout might take for
     * a dead connection).
     */
    public static int chunk(long slowestRate) {
        return (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, slowestRate / 10));
    }
}
