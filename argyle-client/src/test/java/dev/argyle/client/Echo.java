package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Round trips through an echo target: writes on another thread while reading, then half-closes. */
final class Echo {
    private Echo() {
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Sends {@code n} random bytes, reads them back, half-closes, and expects the echo's EOF. */
    static void roundTrip(Socket s, int n) throws Exception {
        s.setSoTimeout(10_000);
        byte[] data = random(n, n);
        OutputStream out = s.getOutputStream();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                out.write(data);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        InputStream in = s.getInputStream();
        byte[] back = in.readNBytes(n);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(back).isEqualTo(data);
        assertThat(in.read()).as("EOF after the echo's half-close").isEqualTo(-1);
    }
}
