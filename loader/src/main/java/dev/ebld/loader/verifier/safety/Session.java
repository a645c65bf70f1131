package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.VerifierRequest;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.VState;
import java.util.TreeSet;

/**
 * What one program load's verification shares across subprograms and paths: the request, its
 * layout and context model, the log, id generation, the per-subprogram stack depth, the global
 * functions found called (verified after their caller), and the counters of the summary line.
 */
public final class Session {
    public static final int INSN_LIMIT = 1_000_000;

    final VerifierRequest request;
    final ProgramLayout layout;
    final CtxModel ctx;
    /** The registers read ahead of each instruction, for pruning. */
    final Liveness liveness;
    final VerifierLog log;
    final int[] stackDepth;
    final boolean[] hasTailCall;
    final TreeSet<Integer> calledGlobals = new TreeSet<>();
    int processed;
    int totalStates;
    int peakStates;
    int maxStatesPerInsn;
    private int idGen;

    Session(VerifierRequest request, ProgramLayout layout, CtxModel ctx, VerifierLog log) {
        this.request = request;
        this.layout = layout;
        this.ctx = ctx;
        this.liveness = Liveness.of(layout);
        this.log = log;
        this.stackDepth = new int[layout.subprogs().size()];
        this.hasTailCall = new boolean[layout.subprogs().size()];
    }

    int newId() {
        return ++idGen;
    }

    boolean privileged() {
        return request.privileged();
    }

    /** Fails the load: logs the message as the log's last line and throws. */
    VerifyException fail(RejectionKind kind, int insn, String message) {
        log.line(message);
        return new VerifyException(kind, insn, message);
    }

    /** Reads register {@code r} as a source operand: it must have been written. */
    RegState read(VState st, int r, int insn) {
        RegState v = st.reg(r);
        if (v.type() == dev.ebld.loader.verifier.state.RegType.NOT_INIT) {
            throw fail(RejectionKind.UNINIT_REG, insn, "R" + r + " !read_ok");
        }
        return v;
    }

    /** Records that the current subprogram touches its stack down to {@code -off}. */
    void touchStack(VState st, int lowestOff) {
        int sp = st.cur().subprog;
        stackDepth[sp] = Math.max(stackDepth[sp], -lowestOff);
    }
}
