package dev.ebld.loader.interp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.TreeSet;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Compiles a {@link ProgramImage} to one hidden JVM class: a static method per BPF function (slot
 * 0 and every local call target start one; a function runs to the next start), and
 * {@link CompiledCode#run} choosing among them by entry slot. How one function becomes bytecode
 * is {@link FunctionEmitter}'s business.
 *
 * <p>Why per function and not one method for the program: HotSpot does not JIT-compile a method
 * of more than 8000 bytes of bytecode (its HugeMethodLimit), and an interpreted JVM method is
 * slower than our interpreter. A function whose method comes out larger than that is left to the
 * interpreter (its entry dispatches there), so a large program is never slower than before.
 */
final class BytecodeCompiler {
    /** HotSpot's HugeMethodLimit: larger methods stay in the JVM's own interpreter. */
    static final int MAX_METHOD_BYTES = 8000;
    static final String IMAGE = "dev/ebld/loader/interp/ProgramImage";
    static final String STATE = "dev/ebld/loader/interp/RunState";
    static final String FUNCTION_DESC = "(L" + IMAGE + ";L" + STATE + ";I)J";
    private static final String CLASS = "dev/ebld/loader/interp/CompiledProgram";

    private BytecodeCompiler() {
    }

    /** Compiles {@code img}; the result runs any entry slot, compiled or handed to the interpreter. */
    static CompiledCode compile(ProgramImage img) {
        int[] entries = functionEntries(img);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // only ever asked about our own, unrelated types
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, CLASS,
                null, "java/lang/Object", new String[] {"dev/ebld/loader/interp/CompiledCode"});
        boolean[] fits = new boolean[entries.length];
        for (int f = 0; f < entries.length; f++) {
            int end = f + 1 < entries.length ? entries[f + 1] : img.length();
            // Measured on a scratch writer first: a function too large is left out of the class.
            fits[f] = emitFunction(new ClassWriter(0), img, f, entries[f], end) <= MAX_METHOD_BYTES;
            if (fits[f]) {
                emitFunction(cw, img, f, entries[f], end);
            }
        }
        emitConstructor(cw);
        emitDispatch(cw, entries, fits);
        cw.visitEnd();
        return define(cw.toByteArray());
    }

    private static int emitFunction(ClassWriter cw, ProgramImage img, int f, int start, int end) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE, "f" + f,
                FUNCTION_DESC, null, null);
        return new FunctionEmitter(img, start, end, mv).emit();
    }

    /** Slot 0 and the target of every local call inside the image, sorted. */
    static int[] functionEntries(ProgramImage img) {
        TreeSet<Integer> entries = new TreeSet<>();
        entries.add(0);
        for (int pc = 0; pc < img.length(); pc++) {
            int c = img.code[pc];
            if ((c & 0xff) == 0x85 && ((c >>> 12) & 15) == 1 && img.target[pc] < img.length()) {
                entries.add(img.target[pc]);
            }
        }
        return entries.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void emitConstructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** run(img, st, pc, depth): a switch on the entry slot; other slots go to the interpreter. */
    private static void emitDispatch(ClassWriter cw, int[] entries, boolean[] fits) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "run",
                "(L" + IMAGE + ";L" + STATE + ";II)J", null, null);
        mv.visitCode();
        int n = 0;
        for (boolean f : fits) {
            n += f ? 1 : 0;
        }
        int[] keys = new int[n];
        Label[] labels = new Label[n];
        for (int f = 0, i = 0; f < entries.length; f++) {
            if (fits[f]) {
                keys[i] = entries[f];
                labels[i++] = new Label();
            }
        }
        Label interpret = new Label();
        mv.visitVarInsn(Opcodes.ILOAD, 3);
        mv.visitLookupSwitchInsn(interpret, keys, labels);
        for (int i = 0; i < n; i++) {
            mv.visitLabel(labels[i]);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ILOAD, 4);
            int f = Arrays.binarySearch(entries, keys[i]);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, CLASS, "f" + f, FUNCTION_DESC, false);
            mv.visitInsn(Opcodes.LRETURN);
        }
        mv.visitLabel(interpret);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitVarInsn(Opcodes.ILOAD, 3);
        mv.visitVarInsn(Opcodes.ILOAD, 4);
        FunctionEmitter.invokeInterpret(mv);
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Defines the class as a hidden class in this package (it may use package-private members). */
    private static CompiledCode define(byte[] bytes) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (CompiledCode) lookup.findConstructor(lookup.lookupClass(),
                    MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("compiled program failed to load: " + e, e);
        }
    }
}
