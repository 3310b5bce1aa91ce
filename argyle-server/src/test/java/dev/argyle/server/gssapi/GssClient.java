package dev.argyle.server.gssapi;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.gssapi.GssClientExchange;
import dev.argyle.protocol.gssapi.MessageProtection;
import dev.argyle.protocol.gssapi.ProtectedInputStream;
import dev.argyle.protocol.gssapi.ProtectedOutputStream;
import dev.argyle.protocol.gssapi.ProtectionLevel;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.protocol.Command;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * A raw-socket RFC 1961 client for tests: greeting with method X'01', the GSS-API exchange as {@code subject},
 * then (when the level wraps) protected streams. Records every raw byte it reads, so a test can look at the wire.
 */
final class GssClient implements AutoCloseable {
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");

    final Socket socket;
    final ByteArrayOutputStream rawIn = new ByteArrayOutputStream();
    final InputStream raw;
    GSSContext context;
    MessageProtection protection;
    InetSocketAddress bound;
    InputStream in;
    OutputStream out;

    GssClient(InetSocketAddress proxy) throws IOException {
        socket = new Socket(proxy.getAddress(), proxy.getPort());
        socket.setSoTimeout(10_000);
        raw = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    rawIn.write(b);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    rawIn.write(b, off, n);
                }
                return n;
            }
        };
        in = raw;
        out = socket.getOutputStream();
    }

    /** Greeting offering only GSS-API; returns the chosen method. */
    int greet() throws IOException {
        out.write(new byte[] {5, 1, 1});
        out.flush();
        byte[] choice = raw.readNBytes(2);
        return choice.length == 2 ? choice[1] & 0xFF : -1;
    }

    /** The GSS-API exchange for {@code service} (a principal such as rcmd/localhost) as {@code subject}. */
    @SuppressWarnings("removal")
    ProtectionLevel authenticate(Subject subject, String service, ProtectionLevel level) throws Exception {
        ProtectionLevel chosen;
        try {
            chosen = Subject.doAs(subject, (PrivilegedExceptionAction<ProtectionLevel>) () -> {
            GSSManager m = GSSManager.getInstance();
            context = m.createContext(m.createName(service, KRB5_PRINCIPAL), KRB5, null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(true);
            context.requestConf(true);
            context.requestInteg(true);
            context.requestSequenceDet(true);
            context.requestReplayDet(true);
            return GssClientExchange.run(raw, out, context, level);
            });
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        }
        if (chosen.wraps()) {
            protection = new MessageProtection(context, chosen);
            in = new ProtectedInputStream(raw, protection);
            out = new ProtectedOutputStream(socket.getOutputStream(), protection);
        }
        return chosen;
    }

    /** The initiator's first context token (the AP-REQ) for {@code service}, not sent. */
    @SuppressWarnings("removal")
    byte[] firstContextToken(Subject subject, String service) throws Exception {
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
                GSSManager m = GSSManager.getInstance();
                context = m.createContext(m.createName(service, KRB5_PRINCIPAL), KRB5, null, GSSContext.DEFAULT_LIFETIME);
                context.requestMutualAuth(true);
                return context.initSecContext(new byte[0], 0, 0);
            });
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        }
    }

    /** Sends CONNECT and returns the reply code byte (reads the whole IPv4 reply). */
    int connect(InetSocketAddress target) throws IOException {
        return request(Command.CONNECT, target);
    }

    /** Sends a request and returns the reply code byte (reads the whole reply). */
    int request(Command command, InetSocketAddress target) throws IOException {
        out.write(new Socks5Request(command, SocksAddress.of(target)).toBytes());
        out.flush();
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            return -1;
        }
        int rest = head[3] == 4 ? 16 + 2 : 4 + 2;
        byte[] tail = in.readNBytes(rest);
        if (head[1] == 0 && head[3] == 1 && tail.length == 6) {
            bound = new InetSocketAddress(java.net.InetAddress.getByAddress(java.util.Arrays.copyOf(tail, 4)),
                    ((tail[4] & 0xFF) << 8) | (tail[5] & 0xFF));
        }
        return head[1] & 0xFF;
    }

    byte[] echo(byte[] data) throws IOException {
        out.write(data);
        out.flush();
        return in.readNBytes(data.length);
    }

    /** True when the server closed (EOF or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            byte[] buf = new byte[1024];
            for (int i = 0; i < 1000; i++) {
                if (raw.read(buf) < 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (org.ietf.jgss.GSSException e) {
            throw new IllegalStateException(e);
        }
    }
}
