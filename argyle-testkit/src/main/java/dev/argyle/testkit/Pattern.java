package dev.argyle.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/** A deterministic byte stream from a seed, so both ends of a transfer can check it without storing it. */
public final class Pattern {
    private static final int BLOCK = 64 * 1024;

    private Pattern() {
    }

    /** Writes {@code length} pattern bytes for {@code seed}. */
    public static void write(OutputStream out, long seed, long length) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[BLOCK];
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(BLOCK, left);
            fill(random, block, n);
            out.write(block, 0, n);
            left -= n;
        }
        out.flush();
    }

    /** The SHA-256 of {@code length} pattern bytes for {@code seed}. */
    public static byte[] digest(long seed, long length) {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha = TransferServer.sha256();
        byte[] block = new byte[BLOCK];
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(BLOCK, left);
            fill(random, block, n);
            sha.update(block, 0, n);
            left -= n;
        }
        return sha.digest();
    }

    private static void fill(SplittableRandom random, byte[] block, int n) {
        for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                block[i + j] = (byte) (v >>> (j * 8));
            }
        }
    }
}
