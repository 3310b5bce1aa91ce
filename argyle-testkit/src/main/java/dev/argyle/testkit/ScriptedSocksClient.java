package dev.argyle.testkit;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A blocking SOCKS client for tests, one step per call, so a test can send exactly the bytes it wants
 * (including wrong ones) and read exactly what the server answers. Reads time out after 10 s.
 */
public final class ScriptedSocksClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public ScriptedSocksClient(InetSocketAddress proxy) throws IOException {
        socket = new Socket();
        socket.connect(proxy, 10_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public Socket socket() {
        return socket;
    }

    public ScriptedSocksClient send(byte... bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public ScriptedSocksClient send(WireMessage message) throws IOException {
        return send(message.toBytes());
    }

    /** Reads one message of the given kind, waiting for as many bytes as it needs. */
    public <T> T read(Decoder<T> decoder) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (true) {
            buf.flip();
            DecodeResult<T> r = decoder.decode(buf);
            if (r instanceof DecodeResult.Done<T> done) {
                if (buf.hasRemaining()) {
                    throw new IOException("more bytes than one message: " + buf.remaining());
                }
                return done.message();
            }
            if (r instanceof DecodeResult.Malformed<T> bad) {
                throw new IOException("malformed answer: " + bad.reason());
            }
            buf.position(buf.limit()).limit(buf.capacity());
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF before a whole message");
            }
            buf.put((byte) b);
        }
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** True when the server closed its side (EOF) within the read timeout, reading and dropping any bytes. */
    public boolean closedByServer() throws IOException {
        try {
            byte[] buf = new byte[4096];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** SOCKS5 greeting with no-auth, then CONNECT; returns the reply. */
    public Socks5Reply connect5(SocksAddress destination) throws IOException {
        send(Socks5Greeting.of(AuthMethod.NO_AUTH));
        Socks5MethodChoice choice = read(Socks5MethodChoice.DECODER);
        if (!choice.method().equals(AuthMethod.NO_AUTH)) {
            throw new IOException("server chose " + choice.method());
        }
        send(new Socks5Request(Command.CONNECT, destination));
        return read(Socks5Reply.DECODER);
    }

    /** SOCKS5 with username/password; returns the auth reply, and the CONNECT reply when auth succeeded. */
    public Socks5Reply connect5(SocksAddress destination, String user, String password) throws IOException {
        send(Socks5Greeting.of(AuthMethod.USERNAME_PASSWORD));
        Socks5MethodChoice choice = read(Socks5MethodChoice.DECODER);
        if (!choice.method().equals(AuthMethod.USERNAME_PASSWORD)) {
            throw new IOException("server chose " + choice.method());
        }
        send(PasswordAuthRequest.of(user, password));
        PasswordAuthReply auth = read(PasswordAuthReply.DECODER);
        if (!auth.isSuccess()) {
            throw new IOException("authentication failed, status " + auth.status());
        }
        send(new Socks5Request(Command.CONNECT, destination));
        return read(Socks5Reply.DECODER);
    }

    /** SOCKS4 (or 4a for a name) CONNECT; returns the reply. */
    public Socks4Reply connect4(SocksAddress destination, String userId) throws IOException {
        send(new Socks4Request(Command.CONNECT, destination, userId));
        return read(Socks4Reply.DECODER);
    }

    public OutputStream out() {
        return out;
    }

    public InputStream in() {
        return in;
    }

    /** Writes {@code data} and reads the same number of bytes back (through an echo target). */
    public byte[] echo(byte[] data) throws IOException {
        send(data);
        byte[] back = in.readNBytes(data.length);
        if (!Arrays.equals(back, data)) {
            throw new IOException("echo mismatch: got " + back.length + " bytes");
        }
        return back;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
