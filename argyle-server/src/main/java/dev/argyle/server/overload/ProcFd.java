package dev.argyle.server.overload;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's descriptor limit and count, read from Linux's {@code /proc/self}. The same figures as
 * {@code UnixOperatingSystemMXBean}, without loading the JMX platform (about 150 classes, some 1.5 MB of
 * metaspace that every idle server would carry; see docs/benchmarks.md).
 */
final class ProcFd {
    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final File FD_DIR = new File("/proc/self/fd");

    private ProcFd() {
    }

    /** The soft RLIMIT_NOFILE, or -1 where it cannot be read (not Linux) or is unlimited. */
    static long softLimit() {
        try {
            for (String line : Files.readAllLines(LIMITS)) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? -1 : Long.parseLong(fields[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Descriptors open now (the listing's own descriptor excluded). Listing needs a descriptor: with none left
     * it fails, which {@link Descriptors} reads as being at the limit.
     */
    static long openCount() {
        String[] names = FD_DIR.list();
        if (names == null) {
            throw new IllegalStateException("cannot list " + FD_DIR + " (no descriptor left?)");
        }
        return names.length - 1;
    }
}
