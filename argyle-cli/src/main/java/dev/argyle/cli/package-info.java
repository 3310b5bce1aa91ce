/**
 * The {@code argyle} command: {@code serve} runs the server from a config file and flags, {@code passwd} manages
 * the users file. Only wiring lives here (flags to config, signals to shutdown, failures to exit codes and one-line
 * messages); every rule it applies belongs to {@code dev.argyle.server.config} or {@code dev.argyle.server.auth}.
 *
 * <p>Depends on picocli, logback (the default {@code logback.xml}) and {@code argyle-server}.
 */
package dev.argyle.cli;
