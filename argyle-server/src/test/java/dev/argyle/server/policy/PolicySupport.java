package dev.argyle.server.policy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.resolve.Resolver;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.ScriptedSocksClient;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/** What the policy integration tests share: configs from YAML, real clients, raw SOCKS5 from a chosen source. */
final class PolicySupport {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** curl's exit code for a failure reported by the proxy. */
    static final int CURLE_PROXY = 97;
    static final String PYTHON = "/usr/bin/python3";
    /** Clears proxy variables a CI environment may carry. */
    static final Map<String, String> CLEAN_ENV = Map.of(
            "http_proxy", "", "HTTP_PROXY", "", "https_proxy", "", "HTTPS_PROXY", "",
            "all_proxy", "", "ALL_PROXY", "", "no_proxy", "", "NO_PROXY", "", "LC_ALL", "C");

    /**
     * argv: version, proxy port, host, port, rdns (0/1), message, [user, password]. Sends the message, half-closes,
     * prints what comes back; a failure is printed to stderr with exit code 2.
     */
    static final String PYSOCKS_SCRIPT = """
            import socket, sys
            import socks
            version, proxy_port, host, port, rdns, message = sys.argv[1:7]
            user, password = (sys.argv[7], sys.argv[8]) if len(sys.argv) > 8 else (None, None)
            s = socks.socksocket()
            s.set_proxy(socks.SOCKS5 if version == "5" else socks.SOCKS4, "127.0.0.1", int(proxy_port),
                        rdns=(rdns == "1"), username=user, password=password)
            s.settimeout(20)
            try:
                s.connect((host, int(port)))
                s.sendall(message.encode())
                s.shutdown(socket.SHUT_WR)
                received = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    received += chunk
            except Exception as e:
                print(type(e).__name__ + ": " + str(e), file=sys.stderr)
                sys.exit(2)
            finally:
                s.close()
            sys.stdout.write(received.decode())
            """;

    private PolicySupport() {
    }

    /** The rules of a YAML text holding a {@code rules:} section. */
    static AccessRules rules(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "test.yaml").rules();
        } catch (Exception e) {
            throw new AssertionError("bad test rules: " + e.getMessage(), e);
        }
    }

    /** One no-auth listener on 127.0.0.1:0 with these rules. */
    static ServerConfig config(String rulesYaml) {
        return RunningServer.config(AuthMode.NONE, null).withRules(rules(rulesYaml));
    }

    static ExternalProgram.Result curl(String... args) throws IOException, InterruptedException {
        String curl = ExternalProgram.require("curl", "curl");
        List<String> cmd = new ArrayList<>(List.of(curl, "-sS", "--max-time", "20", "--noproxy", ""));
        cmd.addAll(List.of(args));
        return ExternalProgram.run(DEADLINE, cmd, null, CLEAN_ENV);
    }

    static String proxy(RunningServer server) {
        return proxy(server.address());
    }

    static String proxy(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    static ExternalProgram.Result pysocks(java.nio.file.Path script, int proxyPort, String version, String host,
                                          int port, boolean rdns, String message, String... credentials)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), version, Integer.toString(proxyPort),
                host, Integer.toString(port), rdns ? "1" : "0", message));
        cmd.addAll(List.of(credentials));
        return ExternalProgram.run(DEADLINE, cmd, null, CLEAN_ENV);
    }

    static void requirePySocks() throws IOException, InterruptedException {
        ExternalProgram.Result probe = ExternalProgram.run(DEADLINE, List.of(PYTHON, "-c", "import socks"));
        if (probe.exitCode() != 0) {
            throw new AssertionError("PySocks is not importable from " + PYTHON + ": apt-get install python3-socks; " + probe);
        }
    }

    /**
     * SOCKS5 CONNECT (no auth) from a chosen local address, so a test can play a client at another loopback
     * address. Returns the reply, or null when the server closed without one.
     */
    static Socks5Reply connect5From(InetAddress source, InetSocketAddress proxy, SocksAddress destination)
            throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(proxy, 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(Socks5Greeting.of(AuthMethod.NO_AUTH).toBytes());
            out.flush();
            int first = readOrEof(in);
            if (first < 0) {
                return null;
            }
            byte[] rest = in.readNBytes(1);
            Socks5MethodChoice choice = Socks5MethodChoice.DECODER.decode(
                    java.nio.ByteBuffer.wrap(new byte[] {(byte) first, rest[0]})) instanceof
                    dev.argyle.protocol.DecodeResult.Done<Socks5MethodChoice> d ? d.message() : null;
            if (choice == null || !choice.method().equals(AuthMethod.NO_AUTH)) {
                throw new IOException("no method choice: " + choice);
            }
            out.write(new Socks5Request(Command.CONNECT, destination).toBytes());
            out.flush();
            return readReply(in);
        }
    }

    private static Socks5Reply readReply(InputStream in) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(300);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF before a whole reply");
            }
            buf.put((byte) b);
            java.nio.ByteBuffer view = buf.duplicate().flip();
            if (Socks5Reply.DECODER.decode(view) instanceof dev.argyle.protocol.DecodeResult.Done<Socks5Reply> d) {
                return d.message();
            }
        }
    }

    /** A byte, or -1 at EOF or on a reset (a client closed before anything was read may see either). */
    private static int readOrEof(InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {
            return -1;
        }
    }

    /** A raw no-auth SOCKS5 exchange: greeting, then one request; returns the reply. */
    static Socks5Reply request5(ScriptedSocksClient c, Command command, SocksAddress destination) throws IOException {
        c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
        c.read(Socks5MethodChoice.DECODER);
        c.send(new Socks5Request(command, destination));
        return c.read(Socks5Reply.DECODER);
    }

    /** A resolver that counts lookups, around another. */
    static final class CountingResolver implements Resolver {
        private final Resolver inner;
        final AtomicInteger lookups = new AtomicInteger();

        CountingResolver(Resolver inner) {
            this.inner = inner;
        }

        @Override
        public Future<List<InetAddress>> resolve(String host, EventExecutor executor) {
            lookups.incrementAndGet();
            return inner.resolve(host, executor);
        }
    }

    /** Captures the {@code argyle.rules} log while open. */
    static final class RulesLog implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(SessionGate.LOGGER);
        private final Level before = logger.getLevel();
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        RulesLog() {
            appender.start();
            logger.setLevel(Level.INFO);
            logger.addAppender(appender);
        }

        /** The messages so far. */
        List<String> lines() {
            synchronized (appender) { // AppenderBase appends under its own lock
                return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }
}
