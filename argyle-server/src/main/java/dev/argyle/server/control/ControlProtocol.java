package dev.argyle.server.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The control socket's wire format, both ends: the client sends one line ({@code reload}), the server answers
 * one line starting with {@code ok} or {@code error}, then closes.
 */
public final class ControlProtocol {
    public static final String RELOAD = "reload";
    public static final String OK = "ok";
    public static final String ERROR = "error";

    private ControlProtocol() {
    }

    /**
     * Sends {@code request} to the server at {@code socket} and returns its reply line.
     *
     * @throws IOException when no server answers there (no file, nobody listening, no reply in time)
     */
    public static String send(Path socket, String request, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // Connecting to a Unix-domain socket completes or fails at once: no timeout needed.
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        try (LineChannel line = new LineChannel(ch, timeout.toNanos())) {
            line.writeLine(request);
            String reply = line.readLine();
            if (reply == null) {
                throw new IOException("the server closed the control connection without a reply");
            }
            return reply;
        }
    }
}
