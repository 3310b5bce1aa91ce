package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {
    @Test
    void setsThePooledAllocatorWithSmallChunks() {
        Properties p = new Properties();
        NettyDefaults.apply(p);
        assertThat(p).containsEntry("io.netty.allocator.type", "pooled").containsEntry("io.netty.allocator.maxOrder", "7");
    }

    @Test
    void anOperatorsOwnSettingWins() {
        Properties p = new Properties();
        p.setProperty("io.netty.allocator.type", "adaptive");
        NettyDefaults.apply(p);
        assertThat(p).containsEntry("io.netty.allocator.type", "adaptive").containsEntry("io.netty.allocator.maxOrder", "7");
    }
}
