package dev.argyle.server;

import dev.argyle.server.command.CommandRegistry;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.overload.MemoryWatch;
import dev.argyle.server.relay.ByteCounter;
import dev.argyle.server.relay.EpollRegistration;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Sets up each accepted client: tracked for shutdown, then the handshake. */
final class SocksChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerContext server;
    private final ListenerConfig listener;
    private final CommandRegistry commands;
    private final MemoryWatch memoryWatch;

    SocksChannelInitializer(ServerContext server, ListenerConfig listener, CommandRegistry commands) {
        this.server = server;
        this.listener = listener;
        this.commands = commands;
        this.memoryWatch = new MemoryWatch(server.overload());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        server.channels().add(ch);
        ch.pipeline().addFirst("memory", memoryWatch);
        ByteCounter.install(ch);
        EpollRegistration.keepRegistered(ch);
        ch.pipeline().addLast("handshake", new SocksHandshakeHandler(server, listener, commands));
    }
}
