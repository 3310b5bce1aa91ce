package dev.argyle.server;

import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.resolve.Resolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An Argyle server on an ephemeral loopback port for one test, with a {@link RecordingSessionListener}.
 * Close it to shut the server down (no grace period).
 */
public final class RunningServer implements AutoCloseable {
    private final ArgyleServer server;
    private final RecordingSessionListener sessions = new RecordingSessionListener();

    private RunningServer(ServerConfig config, Resolver resolver) throws IOException {
        this.server = ArgyleServer.start(config, resolver, sessions);
    }

    /** No auth on 127.0.0.1:0, with the system resolver. */
    public static RunningServer start() throws IOException {
        return start(config(AuthMode.NONE, null));
    }

    public static RunningServer start(ServerConfig config) throws IOException {
        return new RunningServer(config, new dev.argyle.server.resolve.SystemResolver(4));
    }

    public static RunningServer start(ServerConfig config, Resolver resolver) throws IOException {
        return new RunningServer(config, resolver);
    }

    /** One listener on 127.0.0.1:0 with {@code auth}; {@code users} for password mode. */
    public static ServerConfig config(AuthMode auth, Path users) {
        ListenerConfig listener = new ListenerConfig(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), auth, false);
        return ServerConfig.defaults().withListeners(List.of(listener)).withUsersFile(users);
    }

    public InetSocketAddress address() {
        return server.boundAddresses().get(0);
    }

    public int port() {
        return address().getPort();
    }

    public ArgyleServer server() {
        return server;
    }

    public RecordingSessionListener sessions() {
        return sessions;
    }

    @Override
    public void close() {
        server.shutdown(Duration.ZERO);
    }
}
