/**
 * Control of a running server from outside it: {@link dev.argyle.server.control.Reloader} (the one place that
 * reads the configuration again and applies it, for SIGHUP, the control socket and later an admin API) and
 * {@link dev.argyle.server.control.ControlSocket} (a local Unix-domain socket taking one-line requests).
 *
 * <p>Depends on the JDK, SLF4J, {@code server.config} and {@link dev.argyle.server.ArgyleServer}; never on Netty,
 * so that nothing here can disturb the event loops that carry sessions.
 */
package dev.argyle.server.control;
