package dev.argyle.server.relay;

import dev.argyle.server.limit.TokenBucket;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Slows one direction of a relay to its bandwidth limits by reading less, never by dropping bytes: every
 * chunk passed on is charged to the session's bucket and the user's (either may be absent); when a bucket is
 * in debt, reading stops and a task on the channel's event loop turns it back on once the debt is paid. The
 * copying path only: a shaped direction never moves to splice, which passes bytes without a chance to count
 * them as they go; at a limited rate the copy costs little anyway.
 *
 * <p>Held chunks: once the sender's FIN has arrived, Netty's epoll transport reads the socket to its end
 * whether reading is on or not, which would let a client that writes everything and then half-closes pass
 * up to the kernel's buffers (megabytes on loopback) at once. Chunks read while paused are therefore held
 * here, in order, and passed on as the debt is paid; the FIN is passed on only after the last of them
 * ({@link #whenDrained}). What is held is bounded by what the kernel had buffered.
 *
 * <p>Back-pressure keeps working beside it: reading resumes only when neither holds it (the peer writable
 * and the pause over). A read resumed after a pause is allowed even if a shared user bucket went further into
 * debt meanwhile (other sessions of the user read): each session waits out the debt it saw, so none can be
 * starved, and the user's rate over time still holds within a few chunks. Confined to the event loop.
 *
 * <p>Why not Netty's {@code io.netty.handler.traffic} handlers: a per-user limit must be shared by channels on
 * different event loops (a {@code GlobalTrafficShapingHandler} per user could do that), but they account over
 * check intervals (1 s by default) rather than per chunk, shape the write side by queueing messages for up to
 * {@code maxTime}, and suspend reading with their own channel attribute beside the relay's back-pressure,
 * which also toggles auto-read; as pipeline handlers they would be bypassed by splice just the same. A bucket
 * per limit, charged as the relay forwards, is smaller and exact.
 */
final class Shaper {
    private final Direction d;
    private final TokenBucket session;
    private final TokenBucket user;
    private final Runnable sessionSlowed;
    private final Runnable userSlowed;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private boolean paused;
    private boolean sessionReported;
    private boolean userReported;
    private ScheduledFuture<?> resume;
    private Runnable afterDrain;

    Shaper(Direction d, TokenBucket session, TokenBucket user, Runnable sessionSlowed, Runnable userSlowed) {
        this.d = d;
        this.session = session;
        this.user = user;
        this.sessionSlowed = sessionSlowed;
        this.userSlowed = userSlowed;
        d.from.closeFuture().addListener(f -> closed());
    }

    /** True while reading is held back for the limits. Invariant: chunks are held only while paused. */
    boolean paused() {
        return paused;
    }

    /** A chunk read from {@code d.from} (owned): written to {@code d.to} now, or held while paused. */
    void forward(ByteBuf buf) {
        if (paused) {
            held.add(buf);
        } else {
            send(buf);
        }
    }

    /** Runs {@code action} once nothing is held: now, or after the last held chunk has been passed on. */
    void whenDrained(Runnable action) {
        if (held.isEmpty()) {
            action.run();
        } else {
            afterDrain = action;
        }
    }

    private void send(ByteBuf buf) {
        int n = buf.readableBytes();
        // A void promise: a failed write surfaces as exceptionCaught on the peer, which closes both.
        d.to.write(buf, d.to.voidPromise());
        long sessionWait = session == null ? 0 : session.take(n);
        long userWait = user == null ? 0 : user.take(n);
        long wait = Math.max(sessionWait, userWait);
        if (wait > 0) {
            report(sessionWait > 0, userWait > 0);
            paused = true;
            d.from.config().setAutoRead(false);
            resume = d.from.eventLoop().schedule(this::resume, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void resume() {
        paused = false;
        resume = null;
        if (!d.to.isActive()) {
            return;
        }
        boolean wrote = false;
        ByteBuf next;
        while (!paused && (next = held.poll()) != null) {
            d.released += next.readableBytes();
            send(next);
            wrote = true;
        }
        if (wrote) {
            d.to.flush();
        }
        if (paused) {
            return;
        }
        if (afterDrain != null) {
            Runnable action = afterDrain;
            afterDrain = null;
            action.run();
        } else if (d.from.isActive() && d.to.isWritable()) {
            Reading.resume(d.from);
        }
    }

    private void closed() {
        if (resume != null) {
            resume.cancel(false);
        }
        // The sender is gone: as the unlimited relay does with what it has queued, deliver what is held (the
        // pair then closes the other side after it), unless that side is gone too.
        boolean deliver = d.to.isActive();
        ByteBuf buf;
        while ((buf = held.poll()) != null) {
            if (deliver) {
                d.to.write(buf, d.to.voidPromise());
            } else {
                buf.release();
            }
        }
        if (deliver) {
            d.to.flush();
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
