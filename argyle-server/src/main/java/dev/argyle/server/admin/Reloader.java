package dev.argyle.server.admin;

/**
 * What {@code POST /api/reload} calls: re-read the configuration and apply it. Implemented by the server's reload
 * (wired where the server is built); {@link #NONE} answers that reload is not available.
 */
@FunctionalInterface
public interface Reloader {
    Reloader NONE = () -> {
        throw new UnsupportedOperationException("reload is not available in this server");
    };

    /**
     * Reloads; returns a one-line description of what changed. Called off the event loops that serve SOCKS; may
     * block briefly.
     *
     * @throws UnsupportedOperationException when this server cannot reload (answered with 501)
     * @throws Exception                     when the new configuration is refused (answered with 422 and the message)
     */
    String reload() throws Exception;
}
