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
        long before = ProcFd.openCount();
        try (FileInputStream a = new FileInputStream("/proc/self/limits");
             FileInputStream b = new FileInputStream("/proc/self/limits")) {
            assertThat(ProcFd.openCount()).isEqualTo(before + 2);
        }
        assertThat(ProcFd.openCount()).isEqualTo(before);
    }

    @Test
    void countMatchesTheJvmsWithinItsOwnListing() {
        // The JVM's count includes the descriptor its own listing holds; ours leaves it out.
        assertThat(ProcFd.openCount()).isBetween(jmx.getOpenFileDescriptorCount() - 2, jmx.getOpenFileDescriptorCount());
    }
}
