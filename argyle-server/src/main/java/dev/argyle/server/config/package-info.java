/**
 * The server's settings as typed, immutable records, and the YAML loader that builds them.
 *
 * <p>{@link dev.argyle.server.config.ConfigLoader} turns a file into a
 * {@link dev.argyle.server.config.ServerConfig}; every mistake in the file (an unknown key, a value of the wrong
 * shape) becomes a {@link dev.argyle.server.config.ConfigException} that names the key path, line and column,
 * so that a typo is never silently ignored. {@link dev.argyle.server.config.ConfigValidator} then checks the
 * merged result (file plus command-line flags) for rules that span keys, above all that Argyle never runs as an
 * open proxy on a network-reachable address by accident.
 *
 * <p>Depends on the JDK, Jackson's streaming YAML parser, the rule values of {@code server.policy} (which the
 * {@code rules:} section is read into), {@link dev.argyle.server.route.Route} (the {@code routes:} section) and the
 * protocol module's {@code ProxyUri} (hop URIs); nothing here uses Netty or sessions.
 */
package dev.argyle.server.config;
