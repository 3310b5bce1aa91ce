package dev.argyle.server.relay;

import dev.argyle.server.limit.TokenBucket;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slows one direction of a relay to its bandwidth limits by reading less, never by holding or dropping
 * bytes: every chunk read is charged to the session's bucket and the user's (either may be absent); when a
 * bucket is in debt, reading stops and a task on the channel's event loop turns it back on once the debt is
 * paid. The copying path only: a shaped direction never moves to splice, which passes bytes without a chance
 * to count them as they go; at a limited rate the copy costs little anyway.
 *
 * <p>Back-pressure keeps working beside it: reading resumes only when neither holds it (the peer writable
 * and the pause over). A read resumed after a pause is allowed even if a shared user bucket went further into
 * debt meanwhile (other sessions of the user read): each session waits out the debt it saw, so none can be
 * starved, and the user's rate over time still holds within a few chunks. Confined to the event loop.
 */
final class Shaper {
    private final Direction d;
    private final TokenBucket session;
    private final TokenBucket user;
    private final Runnable sessionSlowed;
    private final Runnable userSlowed;
    private boolean paused;
    private boolean sessionReported;
    private boolean userReported;
    private ScheduledFuture<?> resume;

    Shaper(Direction d, TokenBucket session, TokenBucket user, Runnable sessionSlowed, Runnable userSlowed) {
        this.d = d;
        this.session = session;
        this.user = user;
        this.sessionSlowed = sessionSlowed;
        this.userSlowed = userSlowed;
        d.from.closeFuture().addListener(f -> {
            if (resume != null) {
                resume.cancel(false);
            }
        });
    }

    /** True while reading is held back for the limits. */
    boolean paused() {
        return paused;
    }

    /** {@code n} bytes were read from {@code d.from}: charge them, and in debt stop reading until it is paid. */
    void charge(int n) {
        long sessionWait = session == null ? 0 : session.take(n);
        long userWait = user == null ? 0 : user.take(n);
        long wait = Math.max(sessionWait, userWait);
        if (wait <= 0 || paused) {
            return;
        }
        report(sessionWait > 0, userWait > 0);
        paused = true;
        d.from.config().setAutoRead(false);
        resume = d.from.eventLoop().schedule(this::resume, wait, TimeUnit.NANOSECONDS);
    }

    private void resume() {
        paused = false;
        resume = null;
        if (d.from.isActive() && d.to.isWritable()) {
            Reading.resume(d.from);
        }
    }

    private void report(boolean bySession, boolean byUser) {
        if (bySession && !sessionReported) {
            sessionReported = true;
            sessionSlowed.run();
        }
        if (byUser && !userReported) {
            userReported = true;
            userSlowed.run();
        }
    }
}
