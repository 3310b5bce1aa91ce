package dev.argyle.cli;

import java.util.Map;

/**
 * Netty settings the command line gives its server, before any Netty class reads them; an operator's own
 * {@code -Dname=value} wins. Measured in docs/benchmarks.md#memory:
 *
 * <ul>
 *   <li>{@code io.netty.allocator.type=pooled} with {@code maxOrder=7} (1 MiB chunks): Netty 4.2's default
 *       adaptive allocator kept 5–12 MB more of direct memory after bulk transfers than the pooled one with
 *       small chunks, with 1000 idle tunnels held, at the same throughput and connection rate.</li>
 * </ul>
 * The library ({@code argyle-server} embedded in another program) leaves Netty's defaults alone.
 */
final class NettyDefaults {
    static final Map<String, String> DEFAULTS = Map.of(
            "io.netty.allocator.type", "pooled",
            "io.netty.allocator.maxOrder", "7");

    private NettyDefaults() {
    }

    /** Into the system properties, before Netty's buffer classes load. */
    static void apply() {
        apply(System.getProperties());
    }

    static void apply(java.util.Properties properties) {
        DEFAULTS.forEach(properties::putIfAbsent);
    }
}
