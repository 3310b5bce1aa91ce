package dev.argyle.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What Linux's /proc tells about another process: open descriptors, CPU time, resident memory. */
final class ProcStats {
    /** Clock ticks per second for /proc/PID/stat (USER_HZ); 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    static int openDescriptors(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /** User plus system CPU seconds the process has used so far (fields 14 and 15 of /proc/PID/stat). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    /** Resident set size in KiB (VmRSS in /proc/PID/status). */
    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** The share of one core the process used over {@code millis} (1.0 = one core busy all the time). */
    static double cpuShare(long pid, long millis) throws IOException, InterruptedException {
        double before = cpuSeconds(pid);
        long t0 = System.nanoTime();
        // Measuring over a wall-clock window is the point here; nothing is being waited for.
        Thread.sleep(millis);
        double after = cpuSeconds(pid);
        return (after - before) / ((System.nanoTime() - t0) / 1e9);
    }
}
