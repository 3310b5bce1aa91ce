package dev.argyle.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsersFileTest {
    @TempDir
    Path dir;

    @Test
    void setPasswordCreatesAPrivateFileThatVerifies() throws IOException {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "alice", "s3cret".toCharArray());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        UsersFile users = UsersFile.load(file);
        assertThat(users.size()).isEqualTo(1);
        assertThat(users.verify("alice", "s3cret".toCharArray())).isTrue();
        assertThat(users.verify("alice", "s3cre".toCharArray())).isFalse();
        assertThat(users.verify("bob", "s3cret".toCharArray())).isFalse();
        assertThat(users.verify(null, "s3cret".toCharArray())).isFalse();
        assertThat(users.verify("alice", null)).isFalse();
        assertThat(users.toString()).isEqualTo("UsersFile[" + file + ", 1 users]");
    }

    @Test
    void setPasswordReplacesOneUserAndKeepsEverythingElse() throws IOException {
        Path file = dir.resolve("users");
        String bobHash = PasswordHasher.hash("bob-pw".toCharArray());
        Files.writeString(file, "# team users\n\nalice:" + PasswordHasher.hash("old".toCharArray()) + "\n  # bob below\nbob:" + bobHash + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        UsersFile.setPassword(file, "alice", "new".toCharArray());
        UsersFile.setPassword(file, "carol", "carol-pw".toCharArray());

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("# team users");
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(2)).startsWith("alice:pbkdf2-sha256$");
        assertThat(lines.subList(3, 5)).containsExactly("  # bob below", "bob:" + bobHash);
        assertThat(lines.get(5)).startsWith("carol:");
        UsersFile users = UsersFile.load(file);
        assertThat(users.size()).isEqualTo(3);
        assertThat(users.verify("alice", "new".toCharArray())).isTrue();
        assertThat(users.verify("alice", "old".toCharArray())).isFalse();
        assertThat(users.verify("bob", "bob-pw".toCharArray())).isTrue();
        assertThat(users.verify("carol", "carol-pw".toCharArray())).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void setPasswordThroughASymlinkRewritesTheTarget() throws IOException {
        Path real = dir.resolve("real-users");
        Path link = Files.createSymbolicLink(dir.resolve("users"), real.getFileName());
        UsersFile.setPassword(real, "alice", "a".toCharArray());
        UsersFile.setPassword(link, "bob", "b".toCharArray());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(UsersFile.load(real).size()).isEqualTo(2);
    }

    @Test
    void unicodeNamesAndPasswordsWork() throws IOException {
        Path file = dir.resolve("users");
        UsersFile.setPassword(file, "zoë", "pässwörd🔑".toCharArray());
        assertThat(UsersFile.load(file).verify("zoë", "pässwörd🔑".toCharArray())).isTrue();
    }

    @Test
    void blankLinesCommentsAndCrlfAreFine() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "# c\r\n\r\n   \r\nalice:" + PasswordHasher.hash("pw".toCharArray()) + "\r\n");
        assertThat(UsersFile.load(file).verify("alice", "pw".toCharArray())).isTrue();
    }

    @Test
    void malformedLinesNameFileAndLineButNotTheContent() throws IOException {
        Path file = dir.resolve("users");
        String good = "alice:" + PasswordHasher.hash("pw".toCharArray());
        Files.writeString(file, "# users\n" + good + "\nhunter2\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .isInstanceOf(IOException.class)
                .hasMessage("users file " + file + ", line 3: expected NAME:HASH, found no ':'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));

        Files.writeString(file, good + "\nbob:plaintext-password\n");
        assertThatThrownBy(() -> UsersFile.load(file))
                .hasMessageStartingWith("users file " + file + ", line 2: the hash is not in the form")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("plaintext-password"));

        Files.writeString(file, good + "\n" + good + "\n");
        assertThatThrownBy(() -> UsersFile.load(file)).hasMessage("users file " + file + ", line 2: user 'alice' is already defined on line 1");

        Files.writeString(file, ":" + good.substring(6) + "\n");
        assertThatThrownBy(() -> UsersFile.load(file)).hasMessageContaining("line 1: user name must be 1 to 255 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b", "a\nb", "#root", " padded"})
    void setPasswordRefusesNamesTheFileOrSocksCannotCarry(String name) {
        assertThatThrownBy(() -> UsersFile.setPassword(dir.resolve("users"), name, "pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("users")).doesNotExist();
    }

    @Test
    void setPasswordRefusesOverlongNamesAndBadPasswords() {
        Path file = dir.resolve("users");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "é".repeat(128), "pw".toCharArray()))
                .hasMessage("user name must be 1 to 255 bytes of UTF-8, got 256");
        assertThat(catchSet(file, "a".repeat(255), "pw".toCharArray())).isNull(); // 255 bytes exactly is fine
        assertThatThrownBy(() -> UsersFile.setPassword(file, "bob", new char[0])).hasMessage("the password is empty");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "bob", "€".repeat(86).toCharArray()))
                .hasMessage("the password is 258 bytes; SOCKS5 carries at most 255");
    }

    private static Exception catchSet(Path file, String user, char[] password) {
        try {
            UsersFile.setPassword(file, user, password);
            return null;
        } catch (Exception e) {
            return e;
        }
    }
}
