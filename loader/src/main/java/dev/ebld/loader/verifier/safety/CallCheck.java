package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.Jump;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.VerifierEnv;
import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
import dev.ebld.loader.verifier.safety.GlobalFuncs.ArgContract;
import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.VState;

/**
 * Calls (the kernel's {@code check_helper_call} and {@code check_func_call}): helper arguments
 * against their prototype, the helper's return value, reference acquire/release for ringbuf
 * records; static subprograms entered in the caller's state; global functions checked against
 * their BTF contract at the call site and then treated as returning an unknown scalar.
 */
final class CallCheck {
    static final int MAX_CALL_FRAMES = 8;
    private final Session s;
    private final MemCheck mem;
    private final HelperArgs args;
    private VState forked;

    CallCheck(Session s, MemCheck mem) {
        this.s = s;
        this.mem = mem;
        this.args = new HelperArgs(s, mem);
    }

    /** Executes the call at {@code insn}; returns the next instruction. */
    int call(VState st, int insn, Jump.Call c) {
        return switch (c.target()) {
            case HELPER -> helper(st, insn, c.imm());
            case LOCAL -> local(st, insn, insn + c.imm() + 1);
            case KFUNC -> throw s.fail(RejectionKind.UNSUPPORTED, insn, "unsupported kfunc "
                    + kfuncName(c.imm()));
            case DYNAMIC -> dynamic(st, insn, c);
        };
    }

    /**
     * A call into a global function of another loaded program (ebld's dynamic call): checked as
     * a call to a global function, against the callee's BTF prototype alone, since the callee was
     * verified on its own when it was loaded; it returns an unknown scalar.
     */
    private int dynamic(VState st, int insn, Jump.Call c) {
        VerifierEnv.Callee callee = s.request.env().callee(c.off(), c.imm()).orElseThrow(() -> s.fail(
                RejectionKind.INVALID_INSN, insn, "dynamic call: fd_array[" + c.off() + "] holds no loaded"
                        + " program with a function of BTF id " + c.imm()));
        if (!callee.global()) {
            throw s.fail(RejectionKind.INVALID_INSN, insn, "dynamic call: func '" + callee.name()
                    + "' is static; only global functions can be called from another program");
        }
        GlobalFuncs.Contract contract = GlobalFuncs.contract(s, callee.btf(), callee.funcId(),
                callee.name(), insn);
        checkArgs(st, insn, contract, c.imm(), callee.name());
        clobberCallerSaved(st);
        st.set(0, RegState.UNKNOWN);
        return insn + 1;
    }

    private String kfuncName(int id) {
        try {
            String n = s.request.env().kernelBtf().type(id).name();
            return n.isEmpty() ? "with BTF id " + id : n;
        } catch (RuntimeException e) {
            return "with BTF id " + id;
        }
    }

    private int helper(VState st, int insn, int id) {
        HelperProto p = Helpers.lookup(id, s.request.type()).orElseThrow(() -> Helpers.name(id)
                .map(n -> s.fail(RejectionKind.UNKNOWN_HELPER, insn, "program of this type cannot use helper "
                        + n + "#" + id))
                .orElseGet(() -> s.fail(RejectionKind.UNSUPPORTED, insn, "invalid func unknown#" + id)));
        HelperArgs.Checked a = args.check(st, insn, p);
        if (id == 12) {
            s.hasTailCall[st.cur().subprog] = true;
        }
        if (a.releasedRef() != 0) {
            release(st, a.releasedRef());
        }
        forked = id == Helpers.LOOP ? loopIteration(st, insn) : null;
        clobberCallerSaved(st);
        st.set(0, result(st, insn, p, a.map(), a.allocSize(), a.elideNull()));
        if (p.invalidatesPacket()) {
            RegState gone = s.privileged() ? RegState.UNKNOWN : RegState.NOT_INIT;
            st.mapAll(x -> x.type().isPacket() || x.type() == RegType.PACKET_END ? gone : x);
        }
        return insn + 1;
    }

    private RegState result(VState st, int insn, HelperProto p, MapFacts map, long allocSize,
            boolean elideNull) {
        return switch (p.ret()) {
            case INTEGER -> RegState.UNKNOWN;
            case VOID -> RegState.NOT_INIT;
            case MAP_VALUE_OR_NULL -> RegState.pointer(elideNull ? RegType.MAP_VALUE
                    : RegType.MAP_VALUE_OR_NULL, 0).withMap(map).withId(elideNull ? 0 : s.newId());
            case RINGBUF_MEM_OR_NULL -> {
                int ref = s.newId();
                st.refs.add(new VState.Ref(ref, insn));
                yield RegState.mem(RegType.RINGBUF_MEM_OR_NULL, (int) allocSize, ref, ref);
            }
        };
    }

    private void release(VState st, int ref) {
        st.refs.removeIf(x -> x.id() == ref);
        RegState gone = s.privileged() ? RegState.UNKNOWN : RegState.NOT_INIT;
        st.mapAll(x -> x.refId() == ref ? gone : x);
    }

    static void clobberCallerSaved(VState st) {
        for (int r = 1; r <= 5; r++) {
            st.set(r, RegState.NOT_INIT);
        }
    }

    private int local(VState st, int insn, int target) {
        Subprog callee = s.layout.subprogAt(target);
        if (callee.global()) {
            checkGlobalArgs(st, insn, callee);
            s.calledGlobals.add(callee.index());
            clobberCallerSaved(st);
            st.set(0, RegState.UNKNOWN);
            return insn + 1;
        }
        pushFrame(st, insn, callee, false);
        return target;
    }

    private void pushFrame(VState st, int insn, Subprog callee, boolean callback) {
        if (st.frames.size() >= MAX_CALL_FRAMES) {
            throw s.fail(RejectionKind.CALL_TOO_DEEP, insn, "the call stack of "
                    + (st.frames.size() + 1) + " frames is too deep");
        }
        Frame f = new Frame(st.frames.size(), insn + 1, callee.index());
        f.callback = callback;
        for (int r = 1; r <= 5; r++) {
            f.regs[r] = st.reg(r);
        }
        st.frames.add(f);
    }

    /**
     * A {@code bpf_loop} call, as the kernel verifies it: the current path goes on after the
     * call as if the loop has ended (it may run zero times), and, while fewer iterations have
     * been started from this call than the loop count's upper bound, a forked path enters the
     * callback once more in the state at the call. The callback's exit returns to the call,
     * which runs again in the state the iteration left behind; the call is a forced checkpoint
     * where a state within one still being explored converges ({@link Explorer}). So every
     * iteration count up to the bound is explored, each from every state earlier ones can leave.
     */
    private VState loopIteration(VState st, int insn) {
        RegState count = st.reg(1);
        long bound = count.isScalar() ? count.val().umax() : -1L;
        Frame caller = st.cur();
        VState next = null;
        if (Long.compareUnsigned(caller.callbackDepth, bound) < 0) {
            next = st.copy();
            next.cur().callbackDepth++;
            Subprog cb = s.layout.subprogAt(st.reg(2).frame());
            RegState loopCtx = next.reg(3);
            pushFrame(next, insn, cb, true);
            // callback_fn(u32 index, void *ctx): the kernel gives the index no bounds at all.
            next.set(1, RegState.UNKNOWN);
            next.set(2, loopCtx);
            for (int r = 3; r <= 5; r++) {
                next.set(r, RegState.NOT_INIT);
            }
            next.insn = cb.start();
        } else {
            s.log.detail(2, "frame" + caller.frameNo + " bpf_loop iteration limit reached");
        }
        caller.callbackDepth = 0;
        return next;
    }

    /** The path a call forked off (a bpf_loop iteration), once; null when there is none. */
    VState takeForked() {
        VState f = forked;
        forked = null;
        return f;
    }

    private void checkGlobalArgs(VState st, int insn, Subprog callee) {
        checkArgs(st, insn, GlobalFuncs.contract(s, callee), callee.index(), callee.name());
    }

    /** The kernel's {@code btf_check_subprog_call}: each argument register against the contract. */
    private void checkArgs(VState st, int insn, GlobalFuncs.Contract c, int funcNo, String name) {
        for (int i = 0; i < c.args().size(); i++) {
            int r = i + 1;
            RegState v = st.reg(r);
            String why = argProblem(st, insn, r, v, c.args().get(i), i);
            if (why != null) {
                s.log.line(why);
                throw s.fail(RejectionKind.BAD_GLOBAL_ARG, insn, "Caller passes invalid args into func#"
                        + funcNo + " ('" + name + "')");
            }
        }
    }

    private String argProblem(VState st, int insn, int r, RegState v, ArgContract a, int i) {
        if (v.type() == RegType.NOT_INIT) {
            return "R" + r + " !read_ok";
        }
        switch (a.kind()) {
            case SCALAR -> {
                return v.isScalar() ? null : "R" + r + " is not a scalar";
            }
            case CTX -> {
                return v.type() == RegType.CTX && v.off() == 0 ? null
                        : "arg#" + i + " expects pointer to ctx";
            }
            case MEM -> {
                boolean isNull = v.isConstScalar() && v.val().constValue() == 0;
                if (isNull || v.type().maybeNull()) {
                    return a.nullable() ? null : "arg#" + i + " is expected to be non-NULL";
                }
                if (!HelperArgs.MEMORY.contains(v.type())) {
                    return "R" + r + " type=" + v.type().logName() + " expected=fp, pkt, pkt_meta, map_key, map_value, mem";
                }
                try {
                    // The kernel checks the memory both ways: the callee may read and write it,
                    // so what the caller knew about it (a spilled constant, say) is gone.
                    mem.helperMem(st, insn, r, Scalar.constant(a.memSize()), false, false);
                    mem.helperMem(st, insn, r, Scalar.constant(a.memSize()), true, false);
                } catch (VerifyException e) {
                    return e.getMessage();
                }
                return null;
            }
        }
        return null;
    }
}
