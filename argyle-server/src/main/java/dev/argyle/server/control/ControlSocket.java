package dev.argyle.server.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's local control socket (Unix-domain): one request line, one reply line, then the connection is
 * closed. The only request is {@code reload}; the reply is {@code ok <what is in force>} or
 * {@code error <reason>}. The socket file is 0600, and a peer whose user (SO_PEERCRED) is neither this
 * process's user nor root is turned away, so only the operator can reload.
 *
 * <p>Kept small on purpose: one daemon thread serves one connection at a time, a request must arrive within
 * {@link #REQUEST_TIMEOUT} and fit in one short line, and nothing here touches the event loops, so neither a
 * slow nor a hostile peer can affect SOCKS sessions (at worst it delays the next control request by the
 * timeout).
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** A socket file, in the file-type bits of st_mode. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final Reloader reloader;
    private final Thread thread;

    private ControlSocket(Path path, ServerSocketChannel server, Object fileKey, Reloader reloader) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
        this.reloader = reloader;
        this.thread = new Thread(this::serve, "argyle-control");
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code path}. A socket file left by a server that is gone is replaced; a live one (another
     * server answers there), or a file that is not a socket, is left alone and this throws.
     */
    public static ControlSocket open(Path path, Reloader reloader) throws IOException {
        ControlSocketPath.prepareDirectory(path);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            removeStale(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            ControlSocket control = new ControlSocket(path, server, key, reloader);
            control.thread.start();
            return control;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static void removeStale(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException(path + " exists and is not a socket; not replacing it");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("another server already answers on " + path);
        } catch (java.net.ConnectException nobodyThere) {
            log.info("control socket {} was left by a server that is gone; replacing it", path);
            Files.deleteIfExists(path);
        }
    }

    public Path path() {
        return path;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel peer = server.accept()) {
                handle(peer);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                log.debug("control socket: {}", e.toString());
            } catch (RuntimeException e) {
                log.warn("control socket: unexpected {}", e.toString());
            }
        }
    }

    private void handle(SocketChannel peer) throws IOException {
        try (LineChannel line = new LineChannel(peer, REQUEST_TIMEOUT.toNanos())) {
            if (!permitted(peer)) {
                line.writeLine("error not permitted: only the server's own user or root may send requests");
                return;
            }
            String request;
            try {
                request = line.readLine();
            } catch (IOException tooLongOrTooSlow) {
                line.writeLine("error " + tooLongOrTooSlow.getMessage());
                return;
            }
            if (request == null) {
                return;
            }
            line.writeLine(answer(request.strip()));
        }
    }

    /** The reply line for one request. */
    String answer(String request) {
        if (!ControlProtocol.RELOAD.equals(request)) {
            return ControlProtocol.ERROR + " unknown request; the only request is " + ControlProtocol.RELOAD;
        }
        Reloader.Result r = reloader.reload("control socket");
        return (r.ok() ? ControlProtocol.OK : ControlProtocol.ERROR) + " " + r.message();
    }

    private static boolean permitted(SocketChannel peer) throws IOException {
        UnixDomainPrincipal who = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String user = who.user().getName();
        return user.equals(System.getProperty("user.name")) || user.equals("root");
    }

    /** Stops listening and removes the socket file, if it is still the one this server made. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing control socket: {}", e.toString());
        }
        try {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && Objects.equals(fileKey,
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            log.debug("removing control socket {}: {}", path, e.toString());
        }
    }
}
