package dev.argyle.server.ident;

import dev.argyle.server.ident.IdentResult.Failed;
import dev.argyle.server.proxyheader.ClientAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks the identd on a client's host who owns the client's connection to us (RFC 1413), on the connection's own
 * event loop, without blocking it. The query connects from the address the client connected to, because the
 * identd identifies the connection by the addresses of the query connection (RFC 1413 section 3), and asks
 * {@code <client's port> , <our port>}: the identd's host is the "server" of the RFC.
 *
 * <p>The returned future always succeeds; every way of not getting a user (refused, timed out, closed early,
 * oversized or malformed answer, the client gone) is a {@link Failed}. The query connection is closed in
 * every case. Thread-safe.
 */
public final class IdentClient {
    private final Bootstrap template;

    public IdentClient(Class<? extends SocketChannel> channelType) {
        this.template = new Bootstrap()
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * @param control   the client's connection to this server (connected)
     * @param identPort the identd port on the client's host, normally 113
     * @param timeout   for the whole query, connect included
     */
    public Future<IdentResult> query(Channel control, int identPort, Duration timeout) {
        InetSocketAddress ours = (InetSocketAddress) control.localAddress();
        InetSocketAddress client = ClientAddress.of(control);
        // The port pair the client's identd knows: behind a PROXY balancer, its connection to the balancer.
        int serverPort = ClientAddress.reached(control).getPort();
        Promise<IdentResult> result = control.eventLoop().newPromise();
        if (ours == null || client == null || !control.isActive()) {
            return result.setSuccess(new Failed("client closed before the ident query"));
        }
        long millis = Math.max(1, timeout.toMillis());
        ChannelFuture connect = template.clone(control.eventLoop())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, millis))
                .handler(new IdentReplyHandler(client.getPort(), serverPort, result))
                .connect(new InetSocketAddress(client.getAddress(), identPort), new InetSocketAddress(ours.getAddress(), 0));
        Channel query = connect.channel();
        ScheduledFuture<?> timer = control.eventLoop().schedule(
                () -> result.trySuccess(new Failed("identd gave no answer within " + millis + " ms")),
                millis, TimeUnit.MILLISECONDS);
        ChannelFutureListener clientGone = f -> result.trySuccess(new Failed("client closed during the ident query"));
        control.closeFuture().addListener(clientGone);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.trySuccess(new Failed("cannot connect to identd at " + client.getAddress().getHostAddress()
                        + " port " + identPort + ": " + f.cause().getMessage()));
            }
        });
        result.addListener(f -> {
            timer.cancel(false);
            control.closeFuture().removeListener(clientGone);
            query.close();
        });
        return result;
    }
}
