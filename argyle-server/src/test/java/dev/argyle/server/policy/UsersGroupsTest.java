package dev.argyle.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.auth.UsersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups in the users file: an optional third field, read and kept across password changes. */
class UsersGroupsTest {
    @TempDir
    Path dir;

    @Test
    void linesWithAndWithoutGroupsLoad() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "alice", "a".toCharArray(), List.of("ops", "db-users"));
        UsersFile.setPassword(file, "bob", "b".toCharArray());
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("alice:pbkdf2-sha256$").endsWith(":ops,db-users");
        assertThat(lines.get(1)).startsWith("bob:pbkdf2-sha256$").doesNotContain(",").matches("bob:[^:]+");

        UsersFile users = UsersFile.load(file);
        assertThat(users.groups("alice")).containsExactly("ops", "db-users");
        assertThat(users.groups("bob")).isEmpty();
        assertThat(users.groups("carol")).isEmpty();
        assertThat(users.groups(null)).isEmpty();
        assertThat(users.verify("alice", "a".toCharArray())).isTrue();
    }

    @Test
    void aPasswordChangeKeepsTheGroupsAndAnEmptyListRemovesThem() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "alice", "a".toCharArray(), List.of("ops"));
        UsersFile.setPassword(file, "alice", "new".toCharArray());
        assertThat(UsersFile.load(file).groups("alice")).containsExactly("ops");
        assertThat(UsersFile.load(file).verify("alice", "new".toCharArray())).isTrue();
        UsersFile.setPassword(file, "alice", "new".toCharArray(), List.of());
        assertThat(UsersFile.load(file).groups("alice")).isEmpty();
        assertThat(Files.readString(file)).matches("alice:[^:]+\n");
    }

    @Test
    void spacesAroundGroupsAreIgnoredAndBadNamesRefused() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "alice", "a".toCharArray());
        String line = Files.readString(file).strip();
        Files.writeString(file, line + ": ops , dev ,\n");
        assertThat(UsersFile.load(file).groups("alice")).containsExactly("ops", "dev");
        Files.writeString(file, line + ":ops,two words\n");
        assertThatThrownBy(() -> UsersFile.load(file)).hasMessageContaining("line 1: group name 'two words'");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "bob", "b".toCharArray(), List.of("a:b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group name 'a:b'");
    }
}
