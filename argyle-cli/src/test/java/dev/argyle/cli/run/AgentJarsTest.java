package dev.argyle.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarsTest {
    @Test
    void writesTheAgentAndItsBootJar(@TempDir Path dir) throws Exception {
        Path agent = AgentJars.write(dir);
        try (JarFile jar = new JarFile(agent.toFile())) {
            var main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.argyle.agent.ArgyleAgent");
            assertThat(main.getValue("Boot-Class-Path")).isEqualTo(AgentJars.BOOT);
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("dev/argyle/agent/ArgyleAgent.class", "dev/argyle/client/ProxyChain.class",
                    "dev/argyle/protocol/SocksAddress.class", "org/objectweb/asm/ClassReader.class");
            assertThat(names).noneMatch(n -> n.startsWith("dev/argyle/agent/boot/"));
            assertThat(names).noneMatch(n -> n.startsWith("io/netty/") || n.startsWith("ch/qos/"));
        }
        try (JarFile boot = new JarFile(dir.resolve(AgentJars.BOOT).toFile())) {
            assertThat(boot.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")))
                    .containsExactlyInAnyOrder("dev/argyle/agent/boot/ConnectHook.class", "dev/argyle/agent/boot/package-info.class");
        }
    }
}
