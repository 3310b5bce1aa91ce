package dev.argyle.cli;

import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ControlSocketConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.control.ControlProtocol;
import dev.argyle.server.control.ControlSocketPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argyle reload}: asks a running {@code argyle serve} to read its config and users file again, through
 * the server's control socket, and says how it went. The server does the work and logs it; this only carries
 * the request and the one-line answer.
 */
@Command(name = "reload", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {"Make a running 'argyle serve' read its config file and users file again.",
                "New sessions get the new settings; open sessions go on as they are. See docs/operations.md."},
        footer = {"", "Exit status: 0 reloaded; 1 the new config was refused (the old one stays);",
                "2 no server answers on the control socket, or bad options."})
final class ReloadCommand implements Callable<Integer> {
    /** The server refused the configuration; it runs on with the old one. */
    static final int REFUSED = 1;
    /** Nobody answers on the control socket. */
    static final int NO_SERVER = 2;
    /** A reload reads two files and builds a policy: quick, but a loaded machine may take a moment. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--control-socket", paramLabel = "PATH", description = "The server's control socket")
    Path socket;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Find the control socket as 'argyle serve --config FILE' does (its control-socket key, "
                    + "else the default for its first listener's port)")
    Path configFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path path;
        try {
            Optional<Path> found = controlSocket();
            if (found.isEmpty()) {
                err.println("argyle: the config turns the control socket off (control-socket: off); send SIGHUP instead");
                err.flush();
                return NO_SERVER;
            }
            path = found.get();
        } catch (ConfigException e) {
            e.getMessage().lines().forEach(line -> err.println("argyle: " + line));
            err.flush();
            return NO_SERVER;
        }
        String reply;
        try {
            reply = ControlProtocol.send(path, ControlProtocol.RELOAD, TIMEOUT);
        } catch (IOException e) {
            err.println("argyle: no server answers on " + path + ": " + e.getMessage());
            err.flush();
            return NO_SERVER;
        }
        if (reply.startsWith(ControlProtocol.OK)) {
            out.println("argyle: reloaded: " + reply.substring(ControlProtocol.OK.length()).strip());
            out.flush();
            return ExitCodes.OK;
        }
        String reason = reply.startsWith(ControlProtocol.ERROR) ? reply.substring(ControlProtocol.ERROR.length()).strip() : reply;
        err.println("argyle: reload refused, the server runs on with its previous config: " + reason);
        err.flush();
        return REFUSED;
    }

    private Optional<Path> controlSocket() throws ConfigException {
        if (socket != null) {
            return Optional.of(socket);
        }
        ServerConfig config = configFile == null ? ServerConfig.defaults() : ConfigLoader.load(configFile);
        ControlSocketConfig cs = config.controlSocket();
        return ControlSocketPath.of(cs, config.listeners().get(0).address().getPort());
    }
}
