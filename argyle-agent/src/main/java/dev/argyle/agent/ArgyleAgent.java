package dev.argyle.agent;

import dev.argyle.agent.boot.ConnectHook;
import dev.argyle.client.ChainProxySelector;
import dev.argyle.client.ProxyChain;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.DatagramSocket;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code -javaagent:argyle-agent.jar=CHAINFILE}, where CHAINFILE holds the hop URIs one per line (a file rather
 * than the command line, so passwords stay out of {@code ps}). Installs, in this order:
 * <ol>
 *   <li>a {@link ChainProxySelector} as the default selector: java.net sockets and URL connections hand names to
 *       it unresolved, so the chain resolves them;</li>
 *   <li>the {@link ConnectHook} router and the instrumentation of the JDK's connect methods, so that connections
 *       the selector never sees (NIO, {@code java.net.http}, {@code Proxy.NO_PROXY}) go through the chain too;</li>
 *   <li>a {@link DatagramSocket} factory that refuses UDP, which this mode does not carry.</li>
 * </ol>
 * Anything that fails here stops the JVM before {@code main}: a program never runs with a silent direct path.
 */
public final class ArgyleAgent {
    private ArgyleAgent() {
    }

    public static void premain(String args, Instrumentation inst) throws Exception {
        if (args == null || args.isBlank()) {
            throw new IllegalArgumentException("argyle agent: usage -javaagent:argyle-agent.jar=CHAINFILE");
        }
        ProxyChain chain = ProxyChain.of(readHops(Path.of(args.strip())).toArray(String[]::new));
        ChainProxySelector selector = ChainProxySelector.start(chain);
        ChainRouter router = new ChainRouter(chain, selector.gatewayAddress());
        ProxySelector.setDefault(selector);
        hookConnects(inst, router);
        DatagramSocket.setDatagramSocketImplFactory(RefusedDatagrams::new);
    }

    static List<String> readHops(Path file) throws IOException {
        List<String> hops = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                hops.add(line.strip());
            }
        }
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("argyle agent: no hops in " + file);
        }
        return hops;
    }

    private static void hookConnects(Instrumentation inst, ChainRouter router) throws Exception {
        if (ConnectHook.class.getClassLoader() != null) {
            throw new IllegalStateException("argyle agent: ConnectHook is not on the bootstrap class path "
                    + "(the agent jar's Boot-Class-Path entry is missing)");
        }
        // The JDK's classes in java.base may call the hook only if java.base reads the hook's (unnamed) module.
        inst.redefineModule(Object.class.getModule(), Set.of(ConnectHook.class.getModule()), Map.of(), Map.of(),
                Set.of(), Map.of());
        ConnectHook.install(router);
        List<Class<?>> targets = new ArrayList<>();
        for (String internal : ConnectTransformer.TARGETS.keySet()) {
            targets.add(Class.forName(internal.replace('/', '.'), false, null));
        }
        ConnectTransformer transformer = new ConnectTransformer();
        inst.addTransformer(transformer, true);
        inst.retransformClasses(targets.toArray(Class<?>[]::new));
        if (!transformer.hooked().containsAll(ConnectTransformer.TARGETS.keySet())) {
            throw new IllegalStateException("argyle agent: could not hook the JDK's connect methods (hooked: "
                    + transformer.hooked() + "); refusing to run with a direct path");
        }
    }
}
