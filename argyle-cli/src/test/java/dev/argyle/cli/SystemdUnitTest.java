package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.argyle.server.config.ServerConfig;
import dev.argyle.testkit.ExternalProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** packaging/argyle.service: what it promises about stop and reload, and systemd's own check where systemd is. */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("../packaging/argyle.service");

    @Test
    void stopTimeoutIsAboveTheShutdownGraceAndReloadIsSighup() throws Exception {
        String unit = Files.readString(UNIT);
        Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)s$").matcher(unit);
        assertThat(stop.find()).as("TimeoutStopSec in seconds").isTrue();
        Duration grace = ServerConfig.defaults().shutdownGrace();
        assertThat(Duration.ofSeconds(Long.parseLong(stop.group(1)))).isGreaterThan(grace);
        assertThat(unit).contains("\nKillSignal=SIGTERM\n", "\nExecReload=/bin/kill -HUP $MAINPID\n",
                "\nNoNewPrivileges=yes\n", "\nProtectSystem=strict\n", "\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n");
        assertThat(unit).doesNotContain("MemoryDenyWriteExecute=yes"); // the JIT needs writable code
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
                "systemd-analyze is not installed (Debian package systemd): the unit is checked only where it is");
        ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(30),
                List.of("/usr/bin/systemd-analyze", "verify", UNIT.toAbsolutePath().normalize().toString()));
        assertThat(r.exitCode()).as("systemd-analyze verify: %s", r).isZero();
        assertThat(r.stderr()).as("systemd-analyze warnings").isBlank();
    }
}
