package dev.argyle.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A bulk-transfer target for checksummed transfers. The client sends a 17-byte header: mode ('U' or 'D'),
 * length (8 bytes), seed (8 bytes).
 * <ul>
 *   <li>'U' (upload): the server reads exactly {@code length} bytes, then answers their SHA-256 (32 bytes).</li>
 *   <li>'D' (download): the server sends {@link Pattern} bytes for {@code seed}, {@code length} of them, then
 *       shuts down its output.</li>
 * </ul>
 */
public final class TransferServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "transfer");
        t.setDaemon(true);
        return t;
    });

    public TransferServer(InetAddress bind) throws IOException {
        server = new ServerSocket(0, 128, bind);
        threads.execute(this::acceptLoop);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            int mode = in.readUnsignedByte();
            long length = in.readLong();
            long seed = in.readLong();
            if (mode == 'U') {
                out.write(digestOf(in, length));
                out.flush();
            } else if (mode == 'D') {
                Pattern.write(out, seed, length);
                s.shutdownOutput();
                in.read(); // wait for the client's EOF so the close is orderly
            }
        } catch (IOException ignored) {
            // The client went away.
        }
    }

    static byte[] digestOf(InputStream in, long length) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("EOF with " + left + " bytes to go");
            }
            sha.update(buf, 0, n);
            left -= n;
        }
        return sha.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
