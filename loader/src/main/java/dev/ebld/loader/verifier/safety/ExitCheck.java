package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.VState;

/**
 * {@code BPF_EXIT} (the kernel's {@code prepare_func_exit} and {@code check_return_code}): from
 * a static function back to its caller, from a bpf_loop callback back to the loop's call with R0
 * in [0, 1], or the end of the path, where no reference may be held and R0 must be what the
 * program type (or the global function's prototype) allows.
 */
final class ExitCheck {
    private final Session s;
    private final boolean globalFunc;
    private final boolean returnsVoid;

    ExitCheck(Session s, boolean globalFunc, boolean returnsVoid) {
        this.s = s;
        this.globalFunc = globalFunc;
        this.returnsVoid = returnsVoid;
    }

    /** Executes the exit at {@code at}: back to the caller, or the end of the path (st.insn -1). */
    void exit(VState st, int at) {
        if (st.frames.size() > 1) {
            returnToCaller(st, at);
            return;
        }
        programExit(st, at);
    }

    private void returnToCaller(VState st, int at) {
        Frame f = st.cur();
        // Like the kernel, a static function's exit does not demand R0: an unset R0 only
        // fails when the caller reads it. A bpf_loop callback must return 0 or 1.
        RegState r0 = f.callback ? s.read(st, 0, at) : st.reg(0);
        if (f.callback) {
            checkRange(at, r0, new long[] {0, 1}, "At callback return");
        }
        if (r0.type() == RegType.STACK && r0.frame() == f.frameNo) {
            throw s.fail(RejectionKind.BAD_RETURN, at, "cannot return stack pointer to the caller");
        }
        st.frames.remove(st.frames.size() - 1);
        if (f.callback) {
            // Back to the bpf_loop call itself, which decides on a further iteration.
            st.insn = f.callsite - 1;
        } else {
            st.set(0, r0);
            st.insn = f.callsite;
        }
    }

    private void programExit(VState st, int at) {
        if (!st.refs.isEmpty()) {
            VState.Ref ref = st.refs.get(0);
            s.log.line("Unreleased reference id=" + ref.id() + " alloc_insn=" + ref.insn());
            throw s.fail(RejectionKind.UNRELEASED_REFERENCE, at, "BPF_EXIT instruction in "
                    + (globalFunc ? "global subprog" : "main prog") + " would lead to reference leak");
        }
        if (globalFunc) {
            if (!returnsVoid) {
                RegState r0 = s.read(st, 0, at);
                if (!r0.isScalar()) {
                    throw s.fail(RejectionKind.BAD_RETURN, at, "At subprogram exit the register R0 is not a scalar value ("
                            + r0.type().logName() + ")");
                }
            }
        } else {
            RegState r0 = s.read(st, 0, at);
            long[] range = s.ctx.returnRange();
            if (range != null) {
                checkRange(at, r0, range, "At program exit");
            } else if (r0.type().isPointer() && !s.privileged()) {
                throw s.fail(RejectionKind.POINTER_LEAK, at, "R0 leaks addr as return value");
            }
        }
        st.insn = -1;
    }

    /** R0 must be a scalar within {@code range} (the kernel's {@code verbose_invalid_scalar}). */
    private void checkRange(int at, RegState r0, long[] range, String where) {
        if (!r0.isScalar()) {
            throw s.fail(RejectionKind.BAD_RETURN, at, where + " the register R0 is not a known value ("
                    + r0.type().logName() + ")");
        }
        long lo = r0.val().smin();
        long hi = r0.val().smax();
        if (lo >= range[0] && hi <= range[1]) {
            return;
        }
        String has = (lo > Long.MIN_VALUE ? " smin=" + lo : "") + (hi < Long.MAX_VALUE ? " smax=" + hi : "");
        throw s.fail(RejectionKind.BAD_RETURN, at, where + " the register R0 has"
                + (has.isEmpty() ? " unknown scalar value" : has) + " should have been in [" + range[0]
                + ", " + range[1] + "]");
    }
}
