package dev.argyle.server.admin;

import dev.argyle.server.RunningServer;
import dev.argyle.server.auth.UsersFile;
import dev.argyle.server.config.AdminConfig;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** A password server (alice/secret, bob/hunter2) with the admin listener on an ephemeral loopback port. */
final class AdminSetup {
    static final String TOKEN = "test-token-0123456789abcdef";

    private AdminSetup() {
    }

    static ServerConfig config(Path dir, boolean perUser, Duration requestTimeout) throws IOException {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, "alice", "secret".toCharArray());
        UsersFile.setPassword(users, "bob", "hunter2".toCharArray());
        return RunningServer.config(AuthMode.PASSWORD, users).withAdmin(new AdminConfig(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, perUser, requestTimeout));
    }

    static ServerConfig config(Path dir) throws IOException {
        return config(dir, false, Duration.ofSeconds(10));
    }
}
