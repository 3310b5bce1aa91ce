package dev.argyle.server.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The event loops every listener and session runs on: which Netty transport, how many loops, and whether an epoll
 * loop polls for a while before it blocks. YAML section {@code event-loops} ({@code transport}, {@code threads},
 * {@code spin}), flags {@code --transport}, {@code --io-threads}, {@code --spin}. Chosen at start: a reload reports
 * a change and keeps what it started with.
 *
 * <p>Anything left unset falls back on the system property of the same meaning ({@code -Dargyle.transport},
 * {@code -Dargyle.ioThreads}, {@code -Dargyle.spinMicros}, read when the server starts), then on the built-in
 * default: epoll where available, one loop per core, no polling. Measured in docs/benchmarks.md.
 *
 * @param transport the transport, if chosen ({@code auto} chosen explicitly overrides the property too)
 * @param threads   the number of event loops, if chosen
 * @param spin      how long an epoll loop polls after handling something before it blocks, if chosen
 */
public record EventLoopConfig(Optional<TransportChoice> transport, OptionalInt threads, Optional<Duration> spin) {
    /** More loops than this is a mistake on any machine Argyle runs on (each loop is a thread and a pool cache). */
    public static final int MAX_THREADS = 1024;
    /** Polling longer than this only burns CPU: a wake-up costs tens of microseconds, not milliseconds. */
    public static final Duration MAX_SPIN = Duration.ofMillis(10);

    public EventLoopConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(spin, "spin");
    }

    /** Nothing chosen: the system properties, then the built-in defaults. */
    public static EventLoopConfig defaults() {
        return new EventLoopConfig(Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    public EventLoopConfig withTransport(TransportChoice t) {
        return new EventLoopConfig(Optional.of(t), threads, spin);
    }

    public EventLoopConfig withThreads(int n) {
        return new EventLoopConfig(transport, OptionalInt.of(n), spin);
    }

    public EventLoopConfig withSpin(Duration d) {
        return new EventLoopConfig(transport, threads, Optional.of(d));
    }

    /** The transport asked for: this config's, else {@code -Dargyle.transport}, else {@link TransportChoice#AUTO}. */
    public TransportChoice resolvedTransport() {
        if (transport.isPresent()) {
            return transport.get();
        }
        // An unknown property value is ignored, as it always was; only the file and the flag are checked.
        return TransportChoice.lookup(System.getProperty("argyle.transport", "")).orElse(TransportChoice.AUTO);
    }

    /** This config's loop count, else {@code -Dargyle.ioThreads}, else one per core. */
    public int resolvedThreads() {
        if (threads.isPresent()) {
            return threads.getAsInt();
        }
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return Math.max(1, Math.min(MAX_THREADS, Integer.getInteger("argyle.ioThreads", cores)));
    }

    /** This config's polling window, else {@code -Dargyle.spinMicros}, else none. */
    public Duration resolvedSpin() {
        if (spin.isPresent()) {
            return spin.get();
        }
        long micros = Math.max(0, Integer.getInteger("argyle.spinMicros", 0));
        return Duration.ofNanos(Math.min(MAX_SPIN.toNanos(), micros * 1000));
    }

    /**
     * Key (within {@code event-loops}) to problem, for {@link ConfigValidator}; empty when valid. A transport left
     * unset is checked as the system property resolves it.
     */
    Map<String, String> problems() {
        Map<String, String> out = new LinkedHashMap<>();
        if (threads.isPresent() && (threads.getAsInt() < 1 || threads.getAsInt() > MAX_THREADS)) {
            out.put("threads", "must be from 1 to " + MAX_THREADS + ", got " + threads.getAsInt());
        }
        if (spin.isPresent()) {
            Duration d = spin.get();
            if (d.isNegative() || d.compareTo(MAX_SPIN) > 0) {
                out.put("spin", "must be from 0 to " + DurationParser.format(MAX_SPIN) + ", got " + DurationParser.format(d));
            } else if (!d.isZero() && (resolvedTransport() == TransportChoice.NIO
                    || resolvedTransport() == TransportChoice.IO_URING)) {
                out.put("spin", "polling before blocking is for the epoll transport only (transport is "
                        + resolvedTransport().configName() + ")");
            }
        }
        return out;
    }

    /** The transport as spelled in files and flags. */
    public enum TransportChoice {
        /** Epoll where the native library loads (Linux), NIO otherwise. */
        AUTO,
        EPOLL,
        /** Netty's io_uring transport where the kernel allows it (it copies: no splice), else as {@link #AUTO}. */
        IO_URING,
        NIO;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static TransportChoice parse(String text) {
            return lookup(text).orElseThrow(
                    () -> new IllegalArgumentException("expected auto, epoll, io_uring or nio, got '" + text + "'"));
        }

        static Optional<TransportChoice> lookup(String text) {
            for (TransportChoice t : values()) {
                if (t.configName().equalsIgnoreCase(text.strip())) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }
}
