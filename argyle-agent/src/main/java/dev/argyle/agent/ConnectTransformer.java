package dev.argyle.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Adds {@code destination = ConnectHook.route(destination);} at the start of the JDK's TCP connect methods:
 * <ul>
 *   <li>{@code sun.nio.ch.NioSocketImpl.connect(SocketAddress, int)}: every {@code java.net.Socket} connect
 *       (Java 13+), URLConnection included;</li>
 *   <li>{@code sun.nio.ch.SocketChannelImpl.connect(SocketAddress)}: NIO {@code SocketChannel}, and so
 *       {@code java.net.http.HttpClient}, which connects through it.</li>
 * </ul>
 * The inserted code has no branches and comes before everything else, so the method's stack map frames stay
 * valid; only max stack is recomputed. Argument 1 is the destination in both methods.
 */
final class ConnectTransformer implements ClassFileTransformer {
    static final String HOOK = "dev/argyle/agent/boot/ConnectHook";
    static final Map<String, String> TARGETS = Map.of(
            "sun/nio/ch/NioSocketImpl", "connect(Ljava/net/SocketAddress;I)V",
            "sun/nio/ch/SocketChannelImpl", "connect(Ljava/net/SocketAddress;)Z");

    private final Set<String> hooked = ConcurrentHashMap.newKeySet();

    /** The target classes rewritten so far (internal names). */
    Set<String> hooked() {
        return Set.copyOf(hooked);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        String method = TARGETS.get(className);
        if (method == null) {
            return null;
        }
        try {
            byte[] rewritten = rewrite(classfileBuffer, method);
            hooked.add(className);
            return rewritten;
        } catch (RuntimeException e) {
            // A JDK whose classes differ: leave the class alone, the agent reports the method as not hooked.
            System.err.println("argyle agent: cannot instrument " + className + ": " + e);
            return null;
        }
    }

    static byte[] rewrite(byte[] classfile, String method) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] found = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!(name + descriptor).equals(method) || (access & Opcodes.ACC_STATIC) != 0) {
                    return mv;
                }
                found[0] = true;
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitVarInsn(Opcodes.ALOAD, 1);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "route",
                                "(Ljava/net/SocketAddress;)Ljava/net/SocketAddress;", false);
                        super.visitVarInsn(Opcodes.ASTORE, 1);
                    }
                };
            }
        }, 0);
        if (!found[0]) {
            throw new IllegalStateException("no method " + method);
        }
        return writer.toByteArray();
    }
}
