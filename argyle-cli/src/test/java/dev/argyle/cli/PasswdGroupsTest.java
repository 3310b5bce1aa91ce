package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.auth.UsersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code argyle passwd --groups}: sets, keeps and removes a user's groups. */
class PasswdGroupsTest {
    @TempDir
    Path dir;

    @Test
    void setsKeepsAndRemovesGroups() throws Exception {
        Path users = dir.resolve("users");
        CliHarness.Result set = new CliHarness().stdin("pw\n").run("passwd", "--users", users.toString(),
                "--groups", "ops,db-users", "alice");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(UsersFile.load(users).groups("alice")).containsExactly("ops", "db-users");

        CliHarness.Result kept = new CliHarness().stdin("pw2\n").run("passwd", "--users", users.toString(), "alice");
        assertThat(kept.exitCode()).as(kept.err()).isZero();
        assertThat(UsersFile.load(users).groups("alice")).containsExactly("ops", "db-users");
        assertThat(UsersFile.load(users).verify("alice", "pw2".toCharArray())).isTrue();

        CliHarness.Result removed = new CliHarness().stdin("pw3\n").run("passwd", "--users", users.toString(),
                "--groups", "", "alice");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(UsersFile.load(users).groups("alice")).isEmpty();
    }

    @Test
    void refusesABadGroupBeforeAskingForAPassword() {
        Path users = dir.resolve("users");
        CliHarness.Result r = new CliHarness().stdin("pw\n").run("passwd", "--users", users.toString(),
                "--groups", "ops,two words", "alice");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("group name 'two words'");
        assertThat(Files.exists(users)).isFalse();
    }
}
