package dev.argyle.cli;

import dev.argyle.client.ProxyChain;
import dev.argyle.client.SocksDatagramSocket;
import dev.argyle.server.config.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argyle forward}: local port forwarding through a chain. TCP: every connection to LOCAL is relayed to
 * TARGET through its own chain connection, half-close included. UDP ({@code --udp}): one association through
 * the chain; datagrams arriving on LOCAL go to TARGET, and TARGET's answers go back to the local sender that
 * spoke last (a single-peer forward, as for a DNS or game client).
 */
@Command(name = "forward", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Forward a local port to TARGET through a chain of SOCKS proxies.",
                "Example: argyle forward --via socks5h://proxy:1080 127.0.0.1:8080 intranet.example:80"})
final class ForwardTool implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ForwardTool.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--via", paramLabel = "URI", required = true,
            description = "A hop: socks4://, socks4a://, socks5://, socks5h://, socks5+tls:// or socks5h+tls://[user:password@]host[:port]; repeat in order")
    List<String> vias;

    @CommandLine.Mixin
    TlsFlags tlsFlags = new TlsFlags();

    @Option(names = "--udp", description = "Forward UDP datagrams instead of TCP connections (needs SOCKS5 hops)")
    boolean udp;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "Local address to listen on, e.g. 127.0.0.1:8080")
    String local;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Destination as HOST:PORT, resolved as the chain says")
    String target;

    @Override
    public Integer call() {
        ProxyChain chain = tlsFlags.apply(spec, Chains.of(spec, vias));
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress listen;
        Endpoint to;
        try {
            listen = HostPort.parse(local);
            to = Endpoint.parse(target);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            return udp ? forwardUdp(chain, listen, to) : forwardTcp(chain, listen, to);
        } catch (IOException e) {
            err.println("argyle: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    private int forwardTcp(ProxyChain chain, InetSocketAddress listen, Endpoint to) throws IOException {
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "forward");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(listen, 128);
            log.info("forwarding tcp {} to {} via {}", HostPort.format((InetSocketAddress) server.getLocalSocketAddress()),
                    to, chain);
            while (true) {
                Socket in = server.accept();
                threads.execute(() -> relay(chain, in, to));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void relay(ProxyChain chain, Socket in, Endpoint to) {
        try (in; Socket out = chain.connect(to.host(), to.port())) {
            CountDownLatch bothDone = new CountDownLatch(2);
            Thread up = new Thread(new Pump(in.getInputStream(), out.getOutputStream(), () -> {
                halfClose(out);
                bothDone.countDown();
            }), "forward-up");
            up.setDaemon(true);
            up.start();
            new Pump(out.getInputStream(), in.getOutputStream(), () -> {
                halfClose(in);
                bothDone.countDown();
            }).run();
            bothDone.await();
        } catch (IOException e) {
            log.warn("forward from {} failed: {}", in.getRemoteSocketAddress(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void halfClose(Socket s) {
        try {
            s.shutdownOutput();
        } catch (IOException ignored) {
            // Closed already.
        }
    }

    private int forwardUdp(ProxyChain chain, InetSocketAddress listen, Endpoint to) throws IOException {
        try (DatagramSocket localSocket = new DatagramSocket(listen);
             SocksDatagramSocket association = chain.associate()) {
            log.info("forwarding udp {} to {} via {}", HostPort.format((InetSocketAddress) localSocket.getLocalSocketAddress()),
                    to, chain);
            SocketAddress[] lastSender = new SocketAddress[1];
            Thread back = new Thread(() -> answers(association, localSocket, lastSender), "forward-udp");
            back.setDaemon(true);
            back.start();
            byte[] buf = new byte[65535];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (!association.isClosed()) {
                packet.setLength(buf.length);
                localSocket.receive(packet);
                synchronized (lastSender) {
                    lastSender[0] = packet.getSocketAddress();
                }
                association.send(buf, 0, packet.getLength(), InetSocketAddress.createUnresolved(to.host(), to.port()));
            }
            return ExitCodes.FAILURE;
        }
    }

    private static void answers(SocksDatagramSocket association, DatagramSocket localSocket, SocketAddress[] lastSender) {
        byte[] buf = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            while (true) {
                packet.setLength(buf.length);
                association.receive(packet);
                SocketAddress peer;
                synchronized (lastSender) {
                    peer = lastSender[0];
                }
                if (peer != null) {
                    localSocket.send(new DatagramPacket(buf, packet.getLength(), peer));
                }
            }
        } catch (IOException e) {
            log.warn("udp association ended: {}", e.getMessage());
            localSocket.close();
        }
    }
}
