package dev.argyle.agent.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.function.UnaryOperator;

/**
 * The call the agent puts at the start of the JDK's two TCP connect methods ({@code sun.nio.ch.NioSocketImpl}
 * for {@code java.net.Socket}, {@code sun.nio.ch.SocketChannelImpl} for NIO and {@code java.net.http}): it
 * replaces the destination with the one the agent's router returns. Loaded by the bootstrap class loader (the
 * JDK's own classes can see nothing else), so it depends on java.base only; the router is set by the agent.
 * Until a router is set, every destination passes unchanged.
 */
public final class ConnectHook {
    private static volatile UnaryOperator<SocketAddress> router;

    private ConnectHook() {
    }

    public static void install(UnaryOperator<SocketAddress> r) {
        router = r;
    }

    /**
     * Called by the instrumented connect methods with their destination argument.
     *
     * @throws IOException the router's refusal or failure, thrown from the connect method the program called
     */
    public static SocketAddress route(SocketAddress destination) throws IOException {
        UnaryOperator<SocketAddress> r = router;
        if (r == null || destination == null) {
            return destination;
        }
        try {
            return r.apply(destination);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
