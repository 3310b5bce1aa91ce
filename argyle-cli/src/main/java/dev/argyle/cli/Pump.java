package dev.argyle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies one direction of a connection until EOF, then runs what ends that direction (a half-close). */
final class Pump implements Runnable {
    private final InputStream in;
    private final OutputStream out;
    private final Runnable atEof;

    Pump(InputStream in, OutputStream out, Runnable atEof) {
        this.in = in;
        this.out = out;
        this.atEof = atEof;
    }

    @Override
    public void run() {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (in.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException ignored) {
            // The other side went away; ending this direction is all there is to do.
        } finally {
            atEof.run();
        }
    }
}
