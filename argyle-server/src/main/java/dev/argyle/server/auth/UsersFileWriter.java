package dev.argyle.server.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a users file with one user's line added or replaced.
 *
 * <p>Why a temporary file and a rename: a server reading the file at the same moment sees either the old file or the
 * new one, never half of one, and a crash mid-write leaves the old file intact. The new file takes over the old
 * one's permissions (and owner and group, where the process may set them) so that a service account that could read
 * it still can; a new file is created with mode 0600 because it holds password hashes. Two writers racing each
 * other can still lose one update: run one {@code argyle passwd} at a time.
 */
final class UsersFileWriter {
    private UsersFileWriter() {
    }

    /** @param groups the user's new groups, or null to keep those of the line being replaced */
    static void replaceUser(Path file, String user, String encodedHash, List<String> groups) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath(); // keep a symlink a symlink
        List<String> lines = Files.exists(target) ? Files.readAllLines(target, StandardCharsets.UTF_8) : List.of();
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String line : lines) {
            if (user.equals(UsersLine.userOf(line))) {
                if (!replaced) {
                    List<String> kept = groups != null ? groups : UsersLine.parse(line).groups();
                    out.add(UsersLine.format(user, encodedHash, kept));
                    replaced = true;
                }
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(UsersLine.format(user, encodedHash, groups != null ? groups : List.of()));
        }
        write(target, String.join("\n", out) + "\n");
    }

    private static void write(Path target, String text) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // createTempFile makes the file 0600 on POSIX systems before anything is written to it.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            copyAttributes(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyAttributes(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing sensible to copy
        }
        if (!Files.exists(from)) {
            view.setPermissions(PosixFilePermissions.fromString("rw-------"));
            return;
        }
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        view.setPermissions(old.permissions());
        try {
            view.setGroup(old.group());
            view.setOwner(old.owner());
        } catch (IOException e) {
            // Only root may give a file away; an ordinary user rewriting their own file keeps ownership anyway.
        }
    }
}
