package dev.argyle.server.control;

import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ServerConfig;

/**
 * Reads the configuration again, the same way as at start (for {@code argyle serve}: the file, then the
 * command-line flags laid over it, then validation). Called by {@link Reloader}, one call at a time.
 */
@FunctionalInterface
public interface ConfigSource {
    /** @throws ConfigException with file, line and column when the file says where the problem is */
    ServerConfig load() throws ConfigException;
}
