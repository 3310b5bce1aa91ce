/**
 * The {@code argyle} command: {@code serve} runs the server from a config file and flags, {@code passwd} manages
 * the users file, {@code reload} asks a running server to read its config again. Only wiring lives here (flags
 * to config, signals to shutdown and reload, failures to exit codes and one-line messages); every rule it
 * applies belongs to {@code dev.argyle.server.config}, {@code dev.argyle.server.auth} or
 * {@code dev.argyle.server.control}.
 *
 * <p>Depends on picocli, logback (set up by {@code log.LogConfigurator}) and {@code argyle-server}.
 */
package dev.argyle.cli;
