package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.FakeIdentd;
import dev.argyle.testkit.HttpTarget;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged program with ident: the identd port from the file ({@code ident: off} there, YAML's boolean
 * spelling of a keyword), {@code --ident verify} from the command line, curl's SOCKS4 USERID confirmed by a
 * {@link FakeIdentd}, and the access log's {@code auth=ident ... ident=alice}.
 */
class IdentProcessIT {
    @TempDir
    Path dir;

    @Test
    void identVerifyFromTheFlagWithThePortFromTheFile() throws Exception {
        int port = ServerProcess.freePort();
        try (FakeIdentd identd = FakeIdentd.user("alice");
             HttpTarget http = new HttpTarget(InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("argyle.yaml"), """
                    listeners:
                      - listen: 127.0.0.1:%d
                        ident: off
                        ident-port: %d
                        ident-timeout: 3s
                    """.formatted(port, identd.port()));
            try (ServerProcess argyle = ServerProcess.start("serve", "--config", config.toString(), "--ident", "verify")) {
                argyle.awaitLine("listening on 127.0.0.1:" + port, Duration.ofSeconds(30));
                ExternalProgram.Result curl = ExternalProgram.run(Duration.ofSeconds(20), List.of(
                        ExternalProgram.require("curl", "curl"), "-sS", "--noproxy", "",
                        "--proxy", "socks4://alice@127.0.0.1:" + port, http.url("127.0.0.1", "/ident")));
                assertThat(curl.stdout()).as("%s", curl).isEqualTo(HttpTarget.BODY + "/ident");
                String access = argyle.awaitLine("argyle.access", Duration.ofSeconds(10));
                assertThat(access).contains("ver=4", "auth=ident", "user=alice", "ident=alice", "reply=0x5a");
                assertThat(identd.nextQuery(5000).portOnClient()).isEqualTo(port);
                argyle.terminate();
                assertThat(argyle.awaitExit(Duration.ofSeconds(20))).isZero();
            }
        }
    }
}
