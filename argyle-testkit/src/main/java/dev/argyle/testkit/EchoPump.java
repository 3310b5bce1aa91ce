package dev.argyle.testkit;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Echo rounds on one relayed session: write a chunk of seeded random bytes, read as many back, compare, until
 * {@link #stop} is set. {@link #rounds} counts finished rounds, so a test can wait for a round that started after
 * some event; the first failure is kept in {@link #failure}. Returns the bytes carried each way. Used by the reload
 * tests (in-process and behind HAProxy).
 */
public final class EchoPump implements Callable<Long> {
    public final int index;
    public final ScriptedSocksClient client;
    public final AtomicLong rounds = new AtomicLong();
    public final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean stop;
    private final int chunkSize;

    public EchoPump(int index, ScriptedSocksClient client, AtomicBoolean stop, int chunkSize) {
        this.index = index;
        this.client = client;
        this.stop = stop;
        this.chunkSize = chunkSize;
    }

    @Override
    public Long call() throws IOException {
        SplittableRandom random = new SplittableRandom(index);
        byte[] chunk = new byte[chunkSize];
        long bytes = 0;
        try {
            while (!stop.get()) {
                random.nextBytes(chunk);
                client.out().write(chunk);
                client.out().flush();
                byte[] back = client.in().readNBytes(chunkSize);
                if (!Arrays.equals(back, chunk)) {
                    throw new IOException("session " + index + ", round " + rounds.get() + ": " + back.length
                            + " bytes back, not as sent");
                }
                bytes += chunkSize;
                rounds.incrementAndGet();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            failure.set(e);
            throw e;
        }
    }
}
