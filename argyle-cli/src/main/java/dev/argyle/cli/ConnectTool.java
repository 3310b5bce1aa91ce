package dev.argyle.cli;

import dev.argyle.client.ProxyChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argyle connect}: stdin and stdout through a chain to HOST PORT, e.g. as an ssh ProxyCommand. At stdin
 * EOF it half-closes the connection and keeps printing until the far side closes.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Connect stdin/stdout to HOST PORT through a chain of SOCKS proxies.",
                "Example: ssh -o ProxyCommand='argyle connect --via socks5h://proxy:1080 %h %p' host"})
final class ConnectTool implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--via", paramLabel = "URI", required = true,
            description = "A hop: socks4://, socks4a://, socks5://, socks5h://, socks5+tls:// or socks5h+tls://[user:password@]host[:port]; repeat in order")
    List<String> vias;

    @CommandLine.Mixin
    TlsFlags tlsFlags = new TlsFlags();

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", paramLabel = "PORT")
    int port;

    @Override
    public Integer call() {
        ProxyChain chain = tlsFlags.apply(spec, Chains.of(spec, vias));
        PrintWriter err = spec.commandLine().getErr();
        Socket socket;
        try {
            socket = chain.connect(host, port);
        } catch (IOException e) {
            err.println("argyle: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        try (socket) {
            Thread up = new Thread(new Pump(System.in, outputOf(socket), () -> shutdownOutput(socket)), "stdin");
            up.setDaemon(true);
            up.start();
            new Pump(inputOf(socket), System.out, () -> { }).run();
        } catch (IOException e) {
            err.println("argyle: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private static java.io.OutputStream outputOf(Socket s) throws IOException {
        return s.getOutputStream();
    }

    private static java.io.InputStream inputOf(Socket s) throws IOException {
        return s.getInputStream();
    }

    private static void shutdownOutput(Socket s) {
        try {
            s.shutdownOutput();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
