package dev.argyle.cli;

import dev.argyle.server.ArgyleServer;
import dev.argyle.server.config.HostPort;
import dev.argyle.server.config.ServerConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real {@link ServerLauncher}: starts {@link ArgyleServer}, reports where it listens, and drains it on a signal. */
final class ServerRunner implements ServerLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRunner.class);

    @Override
    public int run(ServerConfig config, PrintWriter err) {
        // Handlers go in before the server starts, so a signal during start-up still ends the process cleanly.
        AtomicReference<ArgyleServer> running = new AtomicReference<>();
        ShutdownSignals.install(() -> {
            ArgyleServer server = running.get();
            if (server != null) {
                server.shutdown(config.shutdownGrace());
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
        List<InetSocketAddress> bound = server.boundAddresses();
        for (int i = 0; i < bound.size(); i++) {
            String auth = i < config.listeners().size() ? config.listeners().get(i).auth().configName() : "?";
            LOG.info("argyle listening on {} (auth {})", HostPort.format(bound.get(i)), auth);
        }
        if (server.adminAddress() != null) {
            LOG.info("argyle admin on http://{}/ (metrics at /metrics)", HostPort.format(server.adminAddress()));
        }
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
