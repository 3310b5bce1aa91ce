package dev.argyle.server.overload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcFdTest {
    private final UnixOperatingSystemMXBean jmx = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void limitIsTheOneTheJvmReports() {
        assertThat(ProcFd.softLimit()).isEqualTo(jmx.getMaxFileDescriptorCount());
    }

    @Test
    void countFollowsOpenAndClose() throws Exception {
        // Other tests' servers may open or close descriptors meanwhile (a channel closing on its event loop):
        // a few tries, each judged on its own; one undisturbed try must show exactly +2 and back.
        String seen = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            long before = ProcFd.openCount();
            long during;
            try (FileInputStream a = new FileInputStream("/proc/self/limits");
                 FileInputStream b = new FileInputStream("/proc/self/limits")) {
                during = ProcFd.openCount();
            }
            long after = ProcFd.openCount();
            if (during == before + 2 && after == before) {
                return;
            }
            seen += String.format("%d/%d/%d ", before, during, after);
        }
        throw new AssertionError("never +2 and back (before/during/after): " + seen);
    }

    @Test
    void countMatchesTheJvmsWithinItsOwnListing() {
        // The JVM's count includes the descriptor its own listing holds; ours leaves it out.
        assertThat(ProcFd.openCount()).isBetween(jmx.getOpenFileDescriptorCount() - 2, jmx.getOpenFileDescriptorCount());
    }
}
