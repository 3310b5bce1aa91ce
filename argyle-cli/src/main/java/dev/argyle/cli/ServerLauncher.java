package dev.argyle.cli;

import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.control.ConfigSource;
import java.io.PrintWriter;

/**
 * Runs a server with a validated configuration until it stops, and says how it ended. The seam between
 * {@link ServeCommand} (flags, config) and {@link ServerRunner} (sockets, signals), so the first can be tested
 * without binding anything.
 */
interface ServerLauncher {
    /**
     * @param reload reads the configuration again as at start (file, then flags), for SIGHUP and
     *               {@code argyle reload}
     * @param err    where to print a one-line {@code argyle: ...} message if the server cannot start
     * @return an {@link ExitCodes} value
     */
    int run(ServerConfig config, ConfigSource reload, PrintWriter err);
}
