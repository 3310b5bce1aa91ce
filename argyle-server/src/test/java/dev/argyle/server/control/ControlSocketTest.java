package dev.argyle.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ControlSocketConfig;
import dev.argyle.server.config.ServerConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The control socket against a running server: reload, refusals, junk, slow peers, and the socket file's life. */
class ControlSocketTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(Reloader.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        reloaderLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        reloaderLog.detachAppender(logged);
    }

    @Test
    void reloadAppliesTheSourcesConfigAndARefusalKeepsThePolicy() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            AtomicReference<Object> next = new AtomicReference<>(withRule(server.server().config(), "first"));
            ConfigSource source = () -> {
                Object o = next.get();
                if (o instanceof ConfigException e) {
                    throw e;
                }
                return (ServerConfig) o;
            };
            Path socket = dir.resolve("control.sock");
            try (ControlSocket control = ControlSocket.open(socket, new Reloader(server.server(), source))) {
                assertThat(send(socket, "reload")).isEqualTo("ok policy 2 in force");
                assertThat(ruleName(server)).isEqualTo("first");

                next.set(new ConfigException("argyle.yaml, line 7, column 9: rules.requests[0].action: expected pass or block"
                        + "\nsecond problem"));
                assertThat(send(socket, "reload")).isEqualTo("error argyle.yaml, line 7, column 9: "
                        + "rules.requests[0].action: expected pass or block; second problem");
                assertThat(ruleName(server)).as("the old policy stays").isEqualTo("first");
                assertThat(logged.list).anySatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                    assertThat(e.getFormattedMessage()).contains("reload (control socket) refused", "line 7, column 9");
                });
            }
        }
    }

    @Test
    void junkTooLongAndSilentPeersGetAnErrorAndChangeNothing() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            Path socket = dir.resolve("control.sock");
            ServerConfig config = withRule(server.server().config(), "x");
            try (ControlSocket control = ControlSocket.open(socket, new Reloader(server.server(), () -> config))) {
                assertThat(send(socket, "RELOAD now")).startsWith("error unknown request");
                assertThat(send(socket, "\u0000\u00ff".repeat(10))).startsWith("error unknown request");
                assertThat(send(socket, "r".repeat(LineChannel.MAX_LINE + 10))).startsWith("error line longer than");
                try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    // Says nothing: answered and closed once the request timeout passes.
                    assertThat(readAll(silent)).startsWith("error no complete line in time");
                }
                assertThat(server.server().config()).as("nothing was reloaded").isNotSameAs(config);
                assertThat(send(socket, "reload")).isEqualTo("ok policy 2 in force");
            }
        }
    }

    @Test
    void theSocketIsOwnerOnlyAndRemovedOnClose() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            Path socket = dir.resolve("sub").resolve("control.sock");
            ControlSocket control = ControlSocket.open(socket, new Reloader(server.server(), () -> server.server().config()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            control.close();
            assertThat(socket).doesNotExist();
            assertThatThrownBy(() -> ControlProtocol.send(socket, "reload", TIMEOUT)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStaleSocketIsReplacedALiveOneAndOtherFilesAreLeftAlone() throws Exception {
        try (RunningServer server = RunningServer.start()) {
            Reloader reloader = new Reloader(server.server(), () -> server.server().config());
            Path socket = dir.resolve("control.sock");
            try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                dead.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a killed server does
            }
            assertThat(socket).exists();
            try (ControlSocket live = ControlSocket.open(socket, reloader)) {
                assertThatThrownBy(() -> ControlSocket.open(socket, reloader)).isInstanceOf(IOException.class)
                        .hasMessageContaining("another server already answers");
                assertThat(send(socket, "reload")).startsWith("ok");
            }
            Path plain = Files.writeString(dir.resolve("notes.txt"), "keep me");
            assertThatThrownBy(() -> ControlSocket.open(plain, reloader)).hasMessageContaining("is not a socket");
            assertThat(plain).hasContent("keep me");
        }
    }

    @Test
    void theDefaultPathFollowsTheRuntimeDirectoryOrTmp() throws Exception {
        ControlSocketConfig d = ControlSocketConfig.defaults();
        assertThat(ControlSocketPath.of(d, 1080, Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), "alice"))
                .contains(Path.of("/run/user/1000/argyle-1080.sock"));
        assertThat(ControlSocketPath.of(d, 2080, Map.of(), "alice")).contains(
                Path.of(System.getProperty("java.io.tmpdir"), "argyle-alice", "argyle-2080.sock"));
        assertThat(ControlSocketPath.of(ControlSocketConfig.at(Path.of("/x.sock")), 1080, Map.of(), "a")).contains(Path.of("/x.sock"));
        assertThat(ControlSocketPath.of(ControlSocketConfig.off(), 1080, Map.of(), "a")).isEmpty();

        Path made = dir.resolve("argyle-me").resolve("argyle-1080.sock");
        ControlSocketPath.prepareDirectory(made);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.getParent()))).isEqualTo("rwx------");
        Path open = Files.createDirectory(dir.resolve("argyle-open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ControlSocketPath.prepareDirectory(open.resolve("argyle-1080.sock")))
                .hasMessageContaining("open to other users");
    }

    private static ServerConfig withRule(ServerConfig base, String name) throws ConfigException {
        return base.withRules(ConfigLoader.parse("""
                rules:
                  requests:
                    - name: %s
                      action: pass
                """.formatted(name), "t.yaml").rules());
    }

    /** The name of the first request rule in force. */
    private static String ruleName(RunningServer server) {
        return server.server().config().rules().requests().rules().get(0).name();
    }

    private static String send(Path socket, String request) throws IOException {
        return ControlProtocol.send(socket, request, TIMEOUT);
    }

    private static String readAll(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (ch.read(buf) >= 0 && buf.hasRemaining()) {
            // until the server closes
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
}
