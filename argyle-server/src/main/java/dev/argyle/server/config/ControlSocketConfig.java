package dev.argyle.server.config;

import java.nio.file.Path;

/**
 * Where {@code argyle serve} listens for local control requests such as {@code argyle reload} (a Unix-domain
 * socket; see docs/operations.md).
 *
 * @param enabled false for {@code control-socket: off}
 * @param path    the socket file, or null for the default place (derived from the first listener's port)
 */
public record ControlSocketConfig(boolean enabled, Path path) {
    /** The key's value that turns the socket off. */
    public static final String OFF = "off";

    /** On, at the default place. */
    public static ControlSocketConfig defaults() {
        return new ControlSocketConfig(true, null);
    }

    public static ControlSocketConfig off() {
        return new ControlSocketConfig(false, null);
    }

    public static ControlSocketConfig at(Path path) {
        return new ControlSocketConfig(true, path);
    }

    /** {@code off}, or a path (resolved against {@code baseDir} when relative and {@code baseDir} is not null). */
    public static ControlSocketConfig parse(String text, Path baseDir) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a socket file path, or off");
        }
        if (OFF.equals(text)) {
            return off();
        }
        Path p = Path.of(text);
        return at(baseDir == null ? p : baseDir.resolve(p));
    }
}
