package dev.argyle.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;

/**
 * Netty's memory: what its default allocator (the adaptive one in Netty 4.2, used by every channel here) holds,
 * heap and direct, and the direct memory Netty counts itself. Relay buffers live there, not on the Java heap, so
 * the JVM's heap gauges alone would miss a leak or a backlog of slow readers.
 */
final class NettyMemoryMetrics implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            String name = ByteBufAllocator.DEFAULT.getClass().getSimpleName();
            Gauge.builder("argyle.netty.allocator.used", metric, ByteBufAllocatorMetric::usedDirectMemory)
                    .tags("allocator", name, "memory", "direct").baseUnit("bytes")
                    .description("Memory held by Netty's default buffer allocator").register(registry);
            Gauge.builder("argyle.netty.allocator.used", metric, ByteBufAllocatorMetric::usedHeapMemory)
                    .tags("allocator", name, "memory", "heap").baseUnit("bytes")
                    .description("Memory held by Netty's default buffer allocator").register(registry);
        }
        // -1 when Netty does not count (it counts when it allocates direct memory without the JDK's cleaner).
        Gauge.builder("argyle.netty.direct.used", PlatformDependent::usedDirectMemory).baseUnit("bytes")
                .description("Direct memory Netty has allocated outside the allocator's view (-1: not tracked)")
                .register(registry);
        Gauge.builder("argyle.netty.direct.max", PlatformDependent::maxDirectMemory).baseUnit("bytes")
                .description("The most direct memory Netty may allocate").register(registry);
    }
}
