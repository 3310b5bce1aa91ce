package dev.argyle.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An identd (RFC 1413) on an ephemeral loopback port that answers every query the way a test says: with a user
 * for the port pair asked about, an ERROR, raw bytes, or never. Each query it read is recorded (its text, where
 * it came from, and when the asker closed the connection). One thread per connection; a connection is held
 * open after the answer until the asker closes it, at most 30 s.
 */
public final class FakeIdentd implements AutoCloseable {
    /** One query as the identd saw it. */
    public record Query(String line, InetSocketAddress from, long readNanos) {
        /** The first port of the query ({@code <port-on-server>}: the querier's peer port on this host). */
        public int portOnServer() {
            return Integer.parseInt(line.split(",")[0].strip());
        }

        /** The second port of the query ({@code <port-on-client>}). */
        public int portOnClient() {
            return Integer.parseInt(line.split(",")[1].strip());
        }
    }

    private static final int MAX_QUERY = 1000;
    private static final int HOLD_MILLIS = 30_000;

    private final ServerSocket server;
    private final Function<String, byte[]> answer;
    private final boolean closeAfterAnswer;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-identd");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Query> queries = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> closes = new LinkedBlockingQueue<>();

    /** @param answer from the query line (without CR LF) to the bytes to send, or null to never answer */
    public FakeIdentd(Function<String, byte[]> answer) throws IOException {
        this(InetAddress.getLoopbackAddress(), answer, false);
    }

    /** @param bind a loopback address, e.g. ::1 for a test over IPv6 */
    public FakeIdentd(InetAddress bind, Function<String, byte[]> answer) throws IOException {
        this(bind, answer, false);
    }

    private FakeIdentd(InetAddress bind, Function<String, byte[]> answer, boolean closeAfterAnswer) throws IOException {
        this.answer = answer;
        this.closeAfterAnswer = closeAfterAnswer;
        server = new ServerSocket(0, 64, bind);
        threads.execute(this::acceptLoop);
    }

    /** Answers {@code USERID : UNIX : user} for whatever port pair is asked. */
    public static FakeIdentd user(String user) throws IOException {
        return new FakeIdentd(q -> userAnswer(q, user));
    }

    /** The answer {@link #user} gives. */
    public static byte[] userAnswer(String query, String user) {
        return ascii(query + " : USERID : UNIX : " + user + "\r\n");
    }

    /** Answers {@code ERROR : type}. */
    public static FakeIdentd error(String type) throws IOException {
        return new FakeIdentd(q -> ascii(q + " : ERROR : " + type + "\r\n"));
    }

    /** Answers these bytes whatever is asked. */
    public static FakeIdentd raw(byte[] bytes) throws IOException {
        return new FakeIdentd(q -> bytes);
    }

    /** Answers these bytes and closes at once (an answer without an end of line is cut short). */
    public static FakeIdentd cutShort(Function<String, byte[]> answer) throws IOException {
        return new FakeIdentd(InetAddress.getLoopbackAddress(), answer, true);
    }

    /** Reads the query and never answers. */
    public static FakeIdentd silent() throws IOException {
        return new FakeIdentd(q -> null);
    }

    /** A loopback port with nothing listening on it (bound, then released): connecting there is refused. */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next query read, waiting at most {@code millis}; null if none came. */
    public Query nextQuery(long millis) throws InterruptedException {
        return queries.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** When ({@link System#nanoTime}) the asker next closed a connection, waiting at most {@code millis}; or null. */
    public Long nextClose(long millis) throws InterruptedException {
        return closes.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(HOLD_MILLIS);
            InputStream in = s.getInputStream();
            String line = readLine(in);
            if (line == null) {
                return;
            }
            queries.add(new Query(line, (InetSocketAddress) s.getRemoteSocketAddress(), System.nanoTime()));
            byte[] reply = answer.apply(line);
            if (reply != null) {
                s.getOutputStream().write(reply);
                s.getOutputStream().flush();
            }
            if (closeAfterAnswer) {
                return;
            }
            // Hold the connection until the asker closes it, so a test sees when (and that) it does.
            while (in.read() >= 0) {
                // a well-behaved asker sends one query; anything more is dropped
            }
            closes.add(System.nanoTime());
        } catch (SocketTimeoutException e) {
            // the asker never closed within HOLD_MILLIS: not recorded as a close
        } catch (IOException e) {
            closes.add(System.nanoTime()); // reset by the asker counts as its close
        } finally {
            open.remove(s);
        }
    }

    /** The query without CR LF, or null at EOF first; at most MAX_QUERY bytes. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < MAX_QUERY; i++) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }
}
