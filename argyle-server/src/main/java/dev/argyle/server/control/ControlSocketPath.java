package dev.argyle.server.control;

import dev.argyle.server.config.ControlSocketConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the control socket of a server is, so that {@code argyle serve} and {@code argyle reload} agree
 * without being told: the configured path, or {@code $XDG_RUNTIME_DIR/argyle-PORT.sock}, or (with no runtime
 * directory) {@code /tmp/argyle-USER/argyle-PORT.sock}, where PORT is the first listener's port. The runtime
 * directory is the user's own (systemd makes it 0700); the directory under /tmp is made 0700 here, and one
 * that someone else made, or that others may enter, is refused: anyone who can write there could put a
 * socket of their own in our place.
 */
public final class ControlSocketPath {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private ControlSocketPath() {
    }

    /** The socket for {@code config}, or empty when it is off. */
    public static Optional<Path> of(ControlSocketConfig config, int firstListenerPort) {
        return of(config, firstListenerPort, System.getenv(), System.getProperty("user.name"));
    }

    static Optional<Path> of(ControlSocketConfig config, int firstListenerPort, Map<String, String> env, String user) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        if (config.path() != null) {
            return Optional.of(config.path());
        }
        String name = "argyle-" + firstListenerPort + ".sock";
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()) {
            return Optional.of(Path.of(runtime, name));
        }
        return Optional.of(Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "argyle-" + user, name));
    }

    /**
     * Makes the socket's directory if it is missing, owner-only. A directory named {@code argyle-*} (the
     * default one under /tmp) must also be a real directory, ours, and closed to others; any other directory
     * (the runtime directory, or one the operator configured) is the operator's choice and is not checked.
     */
    static void prepareDirectory(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Made by someone else meanwhile: checked below like any existing one.
            }
        }
        if (!dir.getFileName().toString().startsWith("argyle-")) {
            return;
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " belongs to " + owner + ", not to this user");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(perms)) {
            throw new IOException(dir + " is open to other users (" + PosixFilePermissions.toString(perms)
                    + "); it must be rwx------");
        }
    }
}
