package dev.argyle.cli.run;

import dev.argyle.agent.ArgyleAgent;
import dev.argyle.agent.boot.ConnectHook;
import dev.argyle.client.ProxyChain;
import dev.argyle.protocol.SocksAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * Writes the agent's two jars from the classes this program runs with (the shaded argyle.jar, or class
 * directories in a build), so there is no separate file to install:
 * <ul>
 *   <li>{@code argyle-agent.jar}: the agent, the client library, the protocol codec and ASM, with
 *       {@code Premain-Class} and {@code Boot-Class-Path: argyle-agent-boot.jar};</li>
 *   <li>{@code argyle-agent-boot.jar}: the {@link ConnectHook} alone, for the bootstrap class path.</li>
 * </ul>
 */
final class AgentJars {
    static final String AGENT = "argyle-agent.jar";
    static final String BOOT = "argyle-agent-boot.jar";
    private static final String BOOT_PREFIX = "dev/argyle/agent/boot/";

    private AgentJars() {
    }

    /** Writes both jars into {@code dir}; returns the agent jar. */
    static Path write(Path dir) throws IOException {
        Manifest agent = manifest();
        Attributes a = agent.getMainAttributes();
        a.putValue("Premain-Class", ArgyleAgent.class.getName());
        a.putValue("Can-Retransform-Classes", "true");
        a.putValue("Can-Redefine-Classes", "true");
        a.putValue("Boot-Class-Path", BOOT);
        Path agentJar = dir.resolve(AGENT);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(agentJar), agent)) {
            copy(ArgyleAgent.class, "dev/argyle/agent/", out);
            copy(ProxyChain.class, "dev/argyle/client/", out);
            copy(SocksAddress.class, "dev/argyle/protocol/", out);
            copy(ClassReader.class, "org/objectweb/asm/", out);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(dir.resolve(BOOT)), manifest())) {
            copy(ConnectHook.class, BOOT_PREFIX, out);
        }
        return agentJar;
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return m;
    }

    /** Copies the .class entries under {@code prefix} from wherever {@code anchor} was loaded from. */
    private static void copy(Class<?> anchor, String prefix, JarOutputStream out) throws IOException {
        Path source;
        try {
            source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot find where " + anchor.getName() + " was loaded from", e);
        }
        boolean bootOnly = prefix.equals(BOOT_PREFIX);
        if (Files.isDirectory(source)) {
            Path root = source.resolve(prefix);
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = source.relativize(p).toString().replace('\\', '/');
                    if (wanted(name, bootOnly)) {
                        try (InputStream in = Files.newInputStream(p)) {
                            put(out, name, in);
                        }
                    }
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            List<JarEntry> entries = jar.stream().filter(e -> e.getName().startsWith(prefix)).toList();
            for (JarEntry e : entries) {
                if (!e.isDirectory() && wanted(e.getName(), bootOnly)) {
                    try (InputStream in = jar.getInputStream(e)) {
                        put(out, e.getName(), in);
                    }
                }
            }
        }
    }

    /** Class files; the hook goes to the boot jar only, so that it has one defining loader. */
    private static boolean wanted(String name, boolean bootOnly) {
        return name.endsWith(".class") && (bootOnly == name.startsWith(BOOT_PREFIX));
    }

    private static void put(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }
}
