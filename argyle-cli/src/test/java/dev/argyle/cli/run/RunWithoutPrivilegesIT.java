package dev.argyle.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code argyle run} without CAP_NET_ADMIN/CAP_SYS_ADMIN (as root, they are dropped from the bounding set with
 * setpriv; as another user they are missing anyway): a Java program falls back to agent mode, anything else is
 * refused with exit 2 and a message naming what is missing and the alternatives.
 */
class RunWithoutPrivilegesIT {
    private static List<String> unprivileged(List<String> runArgs) {
        List<String> cmd = new ArrayList<>();
        if (!NamespaceRun.missing().isEmpty()) {
            cmd.addAll(RunHarness.command(runArgs));
            return cmd;
        }
        cmd.addAll(List.of(RunHarness.require("setpriv", "util-linux"), "--bounding-set=-net_admin,-sys_admin", "--"));
        cmd.addAll(RunHarness.command(runArgs));
        return cmd;
    }

    @Test
    void aProgramThatIsNotJavaIsRefusedWithExit2() throws Exception {
        ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(60),
                unprivileged(List.of("--via", "socks5h://127.0.0.1:1", "--", "true")));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("CAP_NET_ADMIN").contains("--jvm").contains("sudo");
    }

    @Test
    void javaFallsBackToAgentMode() throws Exception {
        try (HttpTarget target = new HttpTarget(InetAddress.getLoopbackAddress());
             RecordingHop hop = new RecordingHop(Map.of(RunNamespaceIT.NAME, InetAddress.getLoopbackAddress()))) {
            ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(60), unprivileged(List.of(
                    "--via", hop.uri("socks5h"), "--", RunHarness.java(), "-cp", System.getProperty("java.class.path"),
                    FetchProgram.class.getName(), "httpclient", RunNamespaceIT.NAME, Integer.toString(target.port()), "/fallback")));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/fallback");
            assertThat(r.stderr()).contains("-javaagent:");
            assertThat(hop.requestedIncluding(RunNamespaceIT.NAME + ":" + target.port())).contains(RunNamespaceIT.NAME + ":" + target.port());
        }
    }
}
