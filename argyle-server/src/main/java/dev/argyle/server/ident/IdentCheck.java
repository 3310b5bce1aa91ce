package dev.argyle.server.ident;

import dev.argyle.server.config.IdentConfig;
import dev.argyle.server.config.IdentMode;
import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's ident step for SOCKS4 requests: the query (when the listener's mode asks for one) and its
 * verdict. Thread-safe.
 */
public final class IdentCheck {
    private static final Logger log = LoggerFactory.getLogger(IdentCheck.class);
    private final IdentConfig config;
    private final IdentClient client;

    public IdentCheck(IdentConfig config, Class<? extends SocketChannel> channelType) {
        this.config = config;
        this.client = new IdentClient(channelType);
    }

    /** Whether a SOCKS4 request on this listener waits for an ident query. */
    public boolean enabled() {
        return config.mode() != IdentMode.OFF;
    }

    /**
     * Asks the identd of {@code control}'s client and judges the answer against {@code claimedUser}; the future
     * completes on {@code control}'s event loop and never fails.
     */
    public Future<IdentVerdict> run(Channel control, String claimedUser) {
        Future<IdentResult> query = client.query(control, config.port(), config.timeout());
        var verdict = control.eventLoop().<IdentVerdict>newPromise();
        query.addListener(f -> {
            IdentResult result = query.getNow();
            if (result instanceof IdentResult.Failed failed && log.isDebugEnabled()) {
                // In log mode this is the only trace of why the access log says ident=-.
                log.debug("ident query for {}: {}", control.remoteAddress(), failed.reason());
            }
            verdict.setSuccess(IdentVerdict.judge(config.mode(), claimedUser, result));
        });
        return verdict;
    }
}
