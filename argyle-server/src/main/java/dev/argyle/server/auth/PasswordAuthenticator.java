package dev.argyle.server.auth;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks RFC 1929 credentials against the users file. The hash is deliberately slow, so checks run on a
 * small pool off the event loops; a failure is answered only after the client address's current
 * {@link AuthThrottle} delay, which grows with repeated failures. Thread-safe.
 */
public final class PasswordAuthenticator implements AutoCloseable {
    private final UsersFile users;
    private final AuthThrottle throttle;
    private final ThreadPoolExecutor pool;

    public PasswordAuthenticator(UsersFile users, AuthThrottle throttle, int threads) {
        this.users = users;
        this.throttle = throttle;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                r -> {
                    Thread t = new Thread(r, "argyle-auth-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    private PasswordAuthenticator(UsersFile users, AuthThrottle throttle, ThreadPoolExecutor pool) {
        this.users = users;
        this.throttle = throttle;
        this.pool = pool;
    }

    /**
     * For a reload: checks against {@code newUsers} with {@code newThrottle}, on this one's pool. Sessions that
     * started with this authenticator keep it; closing either closes the shared pool, so only the server's
     * current authenticator is closed, at shutdown.
     */
    public PasswordAuthenticator reloaded(UsersFile newUsers, AuthThrottle newThrottle) {
        return new PasswordAuthenticator(newUsers, newThrottle, pool);
    }

    /** The failure throttle; a reload keeps it (and what it has counted) unless its settings changed. */
    public AuthThrottle throttle() {
        return throttle;
    }

    /**
     * Completes with true when {@code user}/{@code password} match, with false after the throttle delay
     * otherwise. Wipes {@code password}. The future completes on {@code loop}.
     */
    public Future<Boolean> authenticate(InetAddress client, String user, char[] password, EventExecutor loop) {
        Promise<Boolean> result = loop.newPromise();
        try {
            pool.execute(() -> {
                boolean ok;
                try {
                    ok = users.verify(user, password);
                } finally {
                    Arrays.fill(password, '\0');
                }
                if (ok) {
                    throttle.recordSuccess(client);
                    result.trySuccess(true);
                } else {
                    Duration delay = throttle.delayAfterFailure(client);
                    loop.schedule(() -> result.trySuccess(false), delay.toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        } catch (RejectedExecutionException e) {
            Arrays.fill(password, '\0');
            result.trySuccess(false);
        }
        return result;
    }

    /** The groups of {@code user} in the users file (for access rules); empty when none. */
    public java.util.List<String> groups(String user) {
        return users.groups(user);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
