package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.auth.UsersFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdCommandTest {
    @TempDir
    Path dir;

    @Test
    void setsThePasswordFromStdinAndSaysSo() throws IOException {
        Path users = dir.resolve("users");
        CliHarness.Result r = new CliHarness().stdin("s3cret pass\r\nignored\n").run("passwd", "--users", users.toString(), "alice");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("user alice set in " + users + System.lineSeparator());
        assertThat(UsersFile.load(users).verify("alice", "s3cret pass".toCharArray())).isTrue();
    }

    @Test
    void refusesAnEmptyPassword() {
        Path users = dir.resolve("users");
        CliHarness.Result r = new CliHarness().stdin("\n").run("passwd", "--users", users.toString(), "alice");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("argyle: empty password refused" + System.lineSeparator());
        assertThat(users).doesNotExist();
        assertThat(new CliHarness().run("passwd", "--users", users.toString(), "alice").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void refusesABadNameBeforeAskingForAPassword() {
        CliHarness.Result r = new CliHarness().stdin("pw\n").run("passwd", "--users", dir.resolve("users").toString(), "a:b");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("argyle: user name must not contain ':' or a line break" + System.lineSeparator());
    }

    @Test
    void usersFlagAndNameAreRequired() {
        assertThat(new CliHarness().run("passwd", "alice").err()).startsWith("argyle: Missing required option: '--users=FILE'");
        assertThat(new CliHarness().run("passwd", "--users", "f").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anUnwritableFileIsARuntimeFailure() throws IOException {
        Path blocked = Files.createFile(dir.resolve("not-a-dir"));
        CliHarness.Result r = new CliHarness().stdin("pw\n").run("passwd", "--users", blocked.resolve("users").toString(), "alice");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("argyle: cannot update " + blocked.resolve("users") + ": ");
    }

    @Test
    void firstLineReadsLongLinesAndStopsAtTheLineEnd() throws IOException {
        String long1 = "p".repeat(200);
        char[] line = PasswordSource.firstLine(new ByteArrayInputStream((long1 + "\nnext").getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(line)).isEqualTo(long1);
        assertThat(PasswordSource.firstLine(new ByteArrayInputStream("zoë🔑".getBytes(StandardCharsets.UTF_8)))).containsExactly("zoë🔑".toCharArray());
        assertThat(PasswordSource.firstLine(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }
}
