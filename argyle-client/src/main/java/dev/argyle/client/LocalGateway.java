package dev.argyle.client;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal SOCKS5 server on a loopback port that serves CONNECT by walking a {@link ProxyChain}: the JDK's
 * built-in SOCKS client speaks to one proxy only, so {@link ChainProxySelector} points it here. No
 * authentication, CONNECT only, two daemon threads per open connection (blocking copy, with half-close).
 * Failures are answered with the SOCKS5 code the failing hop sent (the JDK turns it into a
 * {@link java.net.SocketException}) and logged with the full {@link SocksException} message.
 */
final class LocalGateway implements Closeable {
    private static final System.Logger log = System.getLogger(LocalGateway.class.getName());
    /** Greeting and request must arrive within this many milliseconds. */
    private static final int HANDSHAKE_MILLIS = 10_000;

    private final ProxyChain chain;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "argyle-gateway");
        t.setDaemon(true);
        return t;
    });

    LocalGateway(ProxyChain chain, InetAddress bind) throws IOException {
        this.chain = chain;
        this.server = new ServerSocket(0, 128, bind);
        threads.execute(this::acceptLoop);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setSoTimeout(HANDSHAKE_MILLIS);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            Socks5Greeting greeting = read(in, Socks5Greeting.DECODER);
            if (greeting == null || !greeting.offers(AuthMethod.NO_AUTH)) {
                if (greeting != null) {
                    out.write(new Socks5MethodChoice(AuthMethod.NO_ACCEPTABLE).toBytes());
                }
                return;
            }
            out.write(new Socks5MethodChoice(AuthMethod.NO_AUTH).toBytes());
            Socks5Request request = read(in, Socks5Request.DECODER);
            if (request == null) {
                out.write(Socks5Reply.failure(ReplyCode.GENERAL_FAILURE).toBytes());
                return;
            }
            if (!request.command().equals(Command.CONNECT)) {
                out.write(Socks5Reply.failure(ReplyCode.COMMAND_NOT_SUPPORTED).toBytes());
                return;
            }
            try {
                upstream = chain.connect(request.destination().toSocketAddress());
            } catch (IOException e) {
                log.log(System.Logger.Level.INFO, "gateway: CONNECT {0} through {1} failed: {2}",
                        request.destination(), chain, e.getMessage());
                out.write(Socks5Reply.failure(replyFor(e)).toBytes());
                return;
            }
            open.add(upstream);
            out.write(new Socks5Reply(ReplyCode.SUCCEEDED,
                    SocksAddress.of(upstream.getLocalAddress(), upstream.getLocalPort())).toBytes());
            client.setSoTimeout(0);
            Socket up = upstream;
            AtomicInteger directionsDone = new AtomicInteger();
            threads.execute(() -> copy(client, up, directionsDone));
            copy(up, client, directionsDone);
        } catch (IOException e) {
            // The client went away during the handshake, or a relay direction failed: close both below.
        } finally {
            if (upstream == null) {
                close(client);
            }
        }
    }

    /**
     * Copies until EOF, then half-closes the other side; closes both on an error, or when this was the second
     * of the two directions to finish.
     */
    private void copy(Socket from, Socket to, AtomicInteger directionsDone) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
            if (directionsDone.incrementAndGet() == 2) {
                close(from);
                close(to);
            }
        } catch (IOException e) {
            close(from);
            close(to);
        }
    }

    static ReplyCode replyFor(IOException e) {
        if (e instanceof SocksException se) {
            if (se.replyCode() != null) {
                return se.replyCode();
            }
            if (se.kind() == SocksException.Kind.REPLY || se.kind() == SocksException.Kind.AUTHENTICATION
                    || se.kind() == SocksException.Kind.PROTOCOL) {
                return ReplyCode.GENERAL_FAILURE;
            }
            if (se.kind() == SocksException.Kind.UNSUPPORTED) {
                return ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED;
            }
        }
        return ReplyCode.forFailure(e);
    }

    /** One message read byte by byte (handshake messages are short), or null if malformed or cut off. */
    private static <T> T read(InputStream in, Decoder<T> decoder) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(600);
        while (true) {
            buf.flip();
            DecodeResult<T> r = decoder.decode(buf);
            if (r instanceof DecodeResult.Done<T> done) {
                return done.message();
            }
            if (r instanceof DecodeResult.Malformed<T> || !buf.hasRemaining() && buf.limit() == buf.capacity()) {
                return null;
            }
            buf.position(buf.limit()).limit(buf.capacity());
            int b = in.read();
            if (b < 0) {
                return null;
            }
            buf.put((byte) b);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing more to do with it.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing.
        }
        for (Socket s : open) {
            close(s);
        }
        threads.shutdownNow();
    }
}
