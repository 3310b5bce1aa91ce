package dev.argyle.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;

/**
 * A loopback listener for exactly one connection, the program's own (its connect is sent here by the hook),
 * relayed both ways to an open chain tunnel with half-close; then everything closes. Stops waiting after
 * {@link #ACCEPT_MILLIS}. Two daemon threads while it runs.
 */
final class OneShotRelay {
    static final int ACCEPT_MILLIS = 30_000;

    private OneShotRelay() {
    }

    /** Starts listening and returns where the program must connect; {@code passThrough} lists it meanwhile. */
    static InetSocketAddress start(Socket tunnel, Set<InetSocketAddress> passThrough) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
        passThrough.add(address);
        Thread t = new Thread(() -> {
            try (listener; tunnel) {
                listener.setSoTimeout(ACCEPT_MILLIS);
                try (Socket program = listener.accept()) {
                    passThrough.remove(address);
                    listener.close();
                    Thread up = pump(program.getInputStream(), tunnel.getOutputStream(), tunnel);
                    copy(tunnel.getInputStream(), program.getOutputStream());
                    program.shutdownOutput();
                    up.join(); // the program's direction ends when it closes or half-closes
                }
            } catch (SocketTimeoutException e) {
                System.err.println("argyle agent: the program did not use its connection within " + ACCEPT_MILLIS + " ms");
            } catch (IOException e) {
                // One side went away; both are closed on the way out.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                passThrough.remove(address);
            }
        }, "argyle-agent-relay");
        t.setDaemon(true);
        t.start();
        return address;
    }

    private static Thread pump(InputStream in, OutputStream out, Socket halfClose) {
        Thread t = new Thread(() -> {
            try {
                copy(in, out);
                halfClose.shutdownOutput();
            } catch (IOException ignored) {
                // Closed by the other direction.
            }
        }, "argyle-agent-relay-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}
