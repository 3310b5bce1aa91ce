package dev.argyle.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The rewrite applied to this JDK's own classes: the hook call comes first in exactly the targeted methods. */
class ConnectTransformerTest {
    @Test
    void hooksBothConnectMethodsOfThisJdk() throws Exception {
        for (Map.Entry<String, String> target : ConnectTransformer.TARGETS.entrySet()) {
            byte[] original;
            try (InputStream in = Object.class.getResourceAsStream("/" + target.getKey() + ".class")) {
                original = in.readAllBytes();
            }
            byte[] rewritten = new ConnectTransformer().transform(null, null, target.getKey(), null, null, original);
            assertThat(rewritten).as(target.getKey()).isNotNull();
            assertThat(firstCalls(rewritten)).containsExactly(target.getValue());
            assertThat(firstCalls(original)).isEmpty();
        }
    }

    @Test
    void leavesOtherClassesAlone() {
        assertThat(new ConnectTransformer().transform(null, null, "java/lang/String", null, null, new byte[0])).isNull();
    }

    /** Methods whose first instruction after ALOAD 1 is the call to the hook. */
    private static List<String> firstCalls(byte[] classfile) {
        List<String> hooked = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    int seen;

                    @Override
                    public void visitVarInsn(int opcode, int var) {
                        seen++;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        if (seen == 1 && owner.equals(ConnectTransformer.HOOK) && n.equals("route")) {
                            hooked.add(name + descriptor);
                        }
                        seen++;
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return hooked;
    }
}
