package dev.ebld.loader.interp;

/**
 * Runs a {@link ProgramImage} as JVM bytecode compiled by {@link BytecodeCompiler}, once per image
 * (the class is cached on the image). Semantics are the interpreter's, instruction for
 * instruction: every memory access goes through the same {@link AddressSpace} checks, helpers
 * through the same {@link Helpers}, and whatever the compiler does not translate (tail calls,
 * {@code bpf_loop}, {@code callx}, dynamic calls, {@code may_goto}, invalid slots, a function too
 * large for the JVM's JIT, and a basic block the remaining budget cannot pay for) hands the rest
 * of that frame to the {@link Interpreter}, which then runs it exactly as it would have.
 */
public final class BytecodeExecutor implements Executor {
    /** The interpreter the compiled code hands frames to; it keeps no state between calls. */
    static final Interpreter INTERPRETER = new Interpreter();

    /** Unwinds every compiled frame when the program ended early; carries no stack trace. */
    private static final class Ended extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Ended INSTANCE = new Ended();

        private Ended() {
            super(null, null, false, false);
        }
    }

    @Override
    public long execute(ProgramImage image, RunState st) {
        st.regs[10] = st.framePointer(0);
        long before = st.budget;
        try {
            ProgramImage entry = image.replaced[0];
            return run(entry != null ? entry : image, 0, 0, st);
        } catch (Ended e) {
            return 0; // an out-of-packet load in a callee ended the program, as in the interpreter
        } catch (RunFault f) {
            throw f;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, never the program's: still a typed end of the run.
            throw new RunFault(RunFault.Kind.INTERNAL, -1, "compiled code error: " + e).in(image);
        } finally {
            st.executed = before - st.budget;
        }
    }

    /** The compiled form of {@code img}, compiling it on first use. */
    static CompiledCode compiled(ProgramImage img) {
        CompiledCode c = img.compiled;
        if (c == null) {
            c = BytecodeCompiler.compile(img);
            img.compiled = c;
        }
        return c;
    }

    /** Runs {@code img}'s compiled code; a fault in it names {@code img}'s program. */
    private static long run(ProgramImage img, int pc, int depth, RunState st) {
        try {
            return compiled(img).run(img, st, pc, depth);
        } catch (RunFault f) {
            throw f.in(img);
        }
    }

    // Called from compiled code.

    /** Hands the frame at {@code depth} to the interpreter from slot {@code pc} until it exits. */
    static long interpret(ProgramImage img, RunState st, int pc, int depth) {
        return INTERPRETER.run(img, pc, depth, st);
    }

    /** A helper call other than tail call and bpf_loop (which the compiler leaves to the interpreter). */
    static long helper(RunState st, int id, int pc) {
        return Interpreter.helper(id, st, pc);
    }

    /**
     * A local call to the function at {@code slot}, with the interpreter's frame rules: depth
     * limit, fresh r10, r6-r10 restored on return, an extension run in place of a replaced callee.
     */
    static long localCall(ProgramImage img, RunState st, int slot, int depth, int pc) {
        if (depth + 1 >= RunState.MAX_FRAMES) {
            throw new RunFault(RunFault.Kind.CALL_DEPTH, pc, "call nests deeper than "
                    + RunState.MAX_FRAMES + " frames");
        }
        long[] r = st.regs;
        long r6 = r[6];
        long r7 = r[7];
        long r8 = r[8];
        long r9 = r[9];
        long r10 = r[10];
        r[10] = st.framePointer(depth + 1);
        ProgramImage ext = img.replaced[slot];
        long r0 = ext != null ? run(ext, 0, depth + 1, st) : run(img, slot, depth + 1, st);
        if (st.ended) {
            throw Ended.INSTANCE;
        }
        r[6] = r6;
        r[7] = r7;
        r[8] = r8;
        r[9] = r9;
        r[10] = r10;
        return r0;
    }

    /** A legacy packet load; false when the program must end with 0, as in the interpreter. */
    static boolean packetLoad(RunState st, int op, int src, int imm, int pc) {
        return PacketLoads.load(st, op, src, imm, pc);
    }

    /** An atomic read-modify-write on the registers in {@code st}. */
    static void atomic(RunState st, int size, int imm, int dst, int src, int off, int pc) {
        Atomics.apply(st.space, st.regs, size, imm, dst, src, off, pc);
    }
}
