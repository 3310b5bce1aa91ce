package dev.argyle.client;

import dev.argyle.protocol.gssapi.MessageProtection;
import dev.argyle.protocol.gssapi.ProtectedInputStream;
import dev.argyle.protocol.gssapi.ProtectedOutputStream;
import dev.argyle.protocol.handshake.ClientHandshake;
import dev.argyle.protocol.handshake.HandshakeFailure;
import dev.argyle.protocol.handshake.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * Runs {@link ClientHandshake}s over one blocking socket. Reads only as many bytes as the handshake says
 * belong to it, so nothing the destination sends after the last reply is taken from the application. Each
 * read waits at most until the deadline (via {@code SO_TIMEOUT}, restored afterwards). Holds the bytes of a
 * message that was cut short by a timeout, so BIND's wait for the peer can be resumed. One thread at a time.
 */
final class HandshakeDriver {
    /** Larger than the longest reply (a SOCKS5 reply with a 255-byte name is 262 bytes). */
    private static final int BUFFER = 512;

    private final Socket socket;
    private InputStream in;
    private OutputStream out;
    private MessageProtection protection;
    private boolean layered;
    private int savedTimeout = -1;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).flip();

    HandshakeDriver(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Sends the handshake's first message and drives it to its first reply.
     *
     * @param context appended to failure messages, e.g. " (on the way to hop 2)"
     */
    Step.Reply run(ClientHandshake h, HopRef hop, Deadline deadline, String context) throws IOException {
        send(h.start(), h, hop);
        return drive(h, hop, deadline, context);
    }

    /** Drives a handshake that already had a reply (BIND) to its next one. */
    Step.Reply resume(ClientHandshake h, HopRef hop, Deadline deadline) throws IOException {
        return drive(h, hop, deadline, "");
    }

    private Step.Reply drive(ClientHandshake h, HopRef hop, Deadline deadline, String context) throws IOException {
        int saved = socket.getSoTimeout();
        try {
            while (true) {
                Step step = h.receive(buf);
                if (step instanceof Step.Reply reply) {
                    return reply;
                } else if (step instanceof Step.Send send) {
                    send(send.bytes(), h, hop);
                } else if (step instanceof Step.NeedMore more) {
                    read(more.bytes(), h, hop, deadline, context);
                } else {
                    throw failure(((Step.Failed) step).failure(), hop, context);
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(saved);
            }
        }
    }

    private void read(int wanted, ClientHandshake h, HopRef hop, Deadline deadline, String context)
            throws IOException {
        buf.compact();
        try {
            int max = Math.min(wanted, buf.remaining());
            int n;
            try {
                socket.setSoTimeout(deadline.soTimeoutMillis());
                n = in.read(buf.array(), buf.arrayOffset() + buf.position(), max);
            } catch (SocketTimeoutException e) {
                throw hop.fail(SocksException.Kind.TIMEOUT, "no answer within " + deadline.text()
                        + " while waiting for " + h.waitingFor() + context, e);
            } catch (IOException e) {
                throw hop.fail(SocksException.Kind.CLOSED, "the connection failed while waiting for "
                        + h.waitingFor() + context + ": " + e.getMessage(), e);
            }
            if (n < 0) {
                throw hop.fail(SocksException.Kind.CLOSED, "the proxy closed the connection while we waited for "
                        + h.waitingFor() + context);
            }
            buf.position(buf.position() + n);
        } finally {
            buf.flip();
        }
    }

    private void send(byte[] bytes, ClientHandshake h, HopRef hop) throws IOException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw hop.fail(SocksException.Kind.CLOSED, "cannot send to the proxy (next: " + h.waitingFor() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code bytes} and reads exactly {@code n} bytes back (the GSS-API hop's greeting and method
     * choice), within {@code deadline}.
     */
    byte[] exchangeRaw(byte[] bytes, int n, HopRef hop, Deadline deadline) throws IOException {
        try {
            timeout(deadline);
            out.write(bytes);
            out.flush();
            byte[] answer = in.readNBytes(n);
            if (answer.length < n) {
                throw hop.fail(SocksException.Kind.CLOSED, "the proxy closed the connection while we waited for"
                        + " the method choice");
            }
            return answer;
        } catch (SocketTimeoutException e) {
            throw hop.fail(SocksException.Kind.TIMEOUT, "no method choice within " + deadline.text(), e);
        } finally {
            restoreTimeout();
        }
    }

    /** Bounds blocking reads by {@code deadline} until {@link #restoreTimeout()}. */
    void timeout(Deadline deadline) throws IOException {
        if (savedTimeout < 0) {
            savedTimeout = socket.getSoTimeout();
        }
        socket.setSoTimeout(deadline.soTimeoutMillis());
    }

    void restoreTimeout() throws IOException {
        if (savedTimeout >= 0 && !socket.isClosed()) {
            socket.setSoTimeout(savedTimeout);
        }
        savedTimeout = -1;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** From now on every byte each way is an RFC 1961 MTYP 3 message (a GSS-API hop agreed on protection). */
    void protect(MessageProtection protection) {
        in = new ProtectedInputStream(in, protection);
        out = new ProtectedOutputStream(out, protection);
        this.protection = protection;
    }

    /** From now on the handshakes run over these streams (a socks5+tls hop's TLS over the tunnel so far). */
    void layer(InputStream newIn, OutputStream newOut) {
        in = newIn;
        out = newOut;
        layered = true;
    }

    /** Whether the streams are no longer the socket's own ({@link #protect} or {@link #layer}). */
    boolean isLayered() {
        return layered || protection != null;
    }

    /** The protection a GSS-API hop agreed on (for the association's datagrams too), or null. */
    MessageProtection protection() {
        return protection;
    }

    /** Whether {@link #protect} was called: the tunnel's streams are then {@link #in()} and {@link #out()}. */
    boolean isProtected() {
        return protection != null;
    }

    private static SocksException failure(HandshakeFailure f, HopRef hop, String context) {
        String detail = f.message() + context;
        return switch (f.kind()) {
            case REPLY -> hop.reply(detail, f.reply(), f.socks4Status());
            case NO_ACCEPTABLE_METHOD, AUTH_REJECTED -> hop.fail(SocksException.Kind.AUTHENTICATION, detail);
            case PROTOCOL -> hop.fail(SocksException.Kind.PROTOCOL, detail);
        };
    }
}
