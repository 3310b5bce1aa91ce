package dev.argyle.cli;

import dev.argyle.server.ArgyleServer;
import dev.argyle.server.config.HostPort;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.control.ConfigSource;
import dev.argyle.server.control.ControlSocket;
import dev.argyle.server.control.ControlSocketPath;
import dev.argyle.server.control.Reloader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.argyle.cli.log.LogSetup;

/**
 * The real {@link ServerLauncher}: starts {@link ArgyleServer}, reports where it listens, reloads it on SIGHUP
 * or through the control socket, and drains it on SIGTERM/SIGINT.
 */
final class ServerRunner implements ServerLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRunner.class);

    @Override
    public int run(ServerConfig config, ConfigSource source, PrintWriter err) {
        LogSetup.apply(config.logFormat());
        // Handlers go in before the server starts, so a signal during start-up still ends the process cleanly.
        AtomicReference<ArgyleServer> running = new AtomicReference<>();
        AtomicReference<Reloader> reloader = new AtomicReference<>();
        AtomicReference<ControlSocket> control = new AtomicReference<>();
        ShutdownSignals.install(() -> {
            closeControl(control);
            ArgyleServer server = running.get();
            if (server != null) {
                server.shutdown(server.config().shutdownGrace());
            }
        });
        ReloadSignal.install(() -> {
            Reloader r = reloader.get();
            if (r == null) {
                LOG.warn("SIGHUP before the server has started: nothing to reload");
            } else {
                r.reload("SIGHUP");
            }
        });
        ArgyleServer server;
        try {
            server = ArgyleServer.start(config);
        } catch (Exception e) {
            err.println("argyle: " + StartFailure.describe(e, config));
            err.flush();
            return ExitCodes.FAILURE;
        }
        running.set(server);
        // Ready to reload before "listening" is said: whoever waits for that line may send SIGHUP at once.
        reloader.set(new Reloader(server, source));
        List<InetSocketAddress> bound = server.boundAddresses();
        for (int i = 0; i < bound.size(); i++) {
            String auth = i < config.listeners().size() ? config.listeners().get(i).auth().configName() : "?";
            LOG.info("argyle listening on {} (auth {})", HostPort.format(bound.get(i)), auth);
        }
        control.set(openControlSocket(config, bound.get(0).getPort(), reloader.get()));
        server.adminReloader(() -> {
            Reloader.Result result = reloader.get().reload("admin API");
            if (!result.ok()) {
                throw new dev.argyle.server.config.ConfigException(result.message());
            }
            return result.message();
        });
        if (server.adminAddress() != null) {
            LOG.info("argyle admin on http://{}/ (metrics at /metrics)", HostPort.format(server.adminAddress()));
        }
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeControl(control);
        return ExitCodes.OK;
    }

    /** The control socket for {@code argyle reload}, or null: a failure to open it costs only that, with a warning. */
    private static ControlSocket openControlSocket(ServerConfig config, int firstPort, Reloader reloader) {
        Optional<Path> path = ControlSocketPath.of(config.controlSocket(), firstPort);
        if (path.isEmpty()) {
            LOG.info("control socket off: reload with SIGHUP");
            return null;
        }
        try {
            ControlSocket socket = ControlSocket.open(path.get(), reloader);
            LOG.info("control socket {} (for 'argyle reload')", path.get());
            return socket;
        } catch (IOException | RuntimeException e) {
            LOG.warn("no control socket at {}: {}; 'argyle reload' cannot reach this server, SIGHUP still reloads",
                    path.get(), e.getMessage());
            return null;
        }
    }

    private static void closeControl(AtomicReference<ControlSocket> control) {
        ControlSocket socket = control.getAndSet(null);
        if (socket != null) {
            socket.close();
        }
    }
}
