package dev.argyle.server.bind;

import static org.awaitility.Awaitility.await;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.BindConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Steps shared by the BIND tests: requests in both SOCKS versions, outside connectors from chosen loopback
 * addresses (Linux routes all of 127/8 to lo, so 127.0.0.2 and 127.0.0.3 are distinct hosts), and bounded
 * checks that a port is closed.
 */
final class BindSupport {
    static final String RIGHT_PEER = "127.0.0.2";
    static final String INTRUDER = "127.0.0.3";

    private BindSupport() {
    }

    /** The test server's configuration with {@code bind}. */
    static ServerConfig config(BindConfig bind) {
        return RunningServer.config(AuthMode.NONE, null).withBind(bind);
    }

    /** BIND settings with the given accept timeout, any port, no external address. */
    static BindConfig bind(Duration acceptTimeout, boolean allowAnyPeer) {
        return new BindConfig(acceptTimeout, 0, 0, null, allowAnyPeer);
    }

    static SocksAddress ip(String literal, int port) throws IOException {
        return SocksAddress.of(InetAddress.getByName(literal), port);
    }

    /** SOCKS5 greeting (no auth) and BIND naming {@code peer}; returns the first reply. */
    static Socks5Reply bind5(ScriptedSocksClient c, SocksAddress peer) throws IOException {
        c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
        c.read(Socks5MethodChoice.DECODER);
        c.send(new Socks5Request(Command.BIND, peer));
        return c.read(Socks5Reply.DECODER);
    }

    /** SOCKS4 BIND naming {@code peer}; returns the first reply. */
    static Socks4Reply bind4(ScriptedSocksClient c, SocksAddress peer) throws IOException {
        c.send(new Socks4Request(Command.BIND, peer, "tester"));
        return c.read(Socks4Reply.DECODER);
    }

    /** A plain socket from {@code localIp} (any port) connected to {@code to}, reads bounded by 10 s. */
    static Socket connectFrom(String localIp, InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(localIp, 0));
            s.connect(to, 5_000);
            s.setSoTimeout(10_000);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** True when the other end closed {@code s} (EOF or reset) within its read timeout, without sending. */
    static boolean closedByOtherEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Whether a connection to {@code address} is refused right now (nothing listens there). */
    static boolean refused(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits, at most 5 s, until nothing listens on {@code address}. */
    static void awaitRefused(InetSocketAddress address) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> refused(address));
    }

    /** Waits, at most 10 s, until the server holds no channel (client, listener or accepted). */
    static void awaitNoChannels(RunningServer server) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openChannels() == 0);
    }

    /**
     * Two consecutive ports free on 127.0.0.1 right now, below the kernel's ephemeral range so that other
     * sockets of this JVM do not take them meanwhile.
     */
    static int freePortPair() throws IOException {
        for (int p = 20_000 + (int) (ProcessHandle.current().pid() % 5_000) * 2; p < 32_000; p += 2) {
            if (free(p) && free(p + 1)) {
                return p;
            }
        }
        throw new IOException("no two consecutive free ports in 20000-32000");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
