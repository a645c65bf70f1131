package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.CallKind;
import dev.ebld.insn.Jump;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.VerifierEnv;
import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
import dev.ebld.loader.verifier.safety.GlobalFuncs.ArgContract;
import dev.ebld.loader.verifier.safety.HelperProto.Arg;
import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.VState;
import java.util.List;
import java.util.Set;

/**
 * Calls (the kernel's {@code check_helper_call} and {@code check_func_call}): helper arguments
 * against their prototype, the helper's return value, reference acquire/release for ringbuf
 * records; static subprograms entered in the caller's state; global functions checked against
 * their BTF contract at the call site and then treated as returning an unknown scalar.
 */
final class CallCheck {
    static final int MAX_CALL_FRAMES = 8;
    private static final Set<MapType> MODELLED_MAPS = Set.of(MapType.HASH, MapType.ARRAY,
            MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH,
            MapType.PROG_ARRAY, MapType.PERF_EVENT_ARRAY, MapType.RINGBUF, MapType.DEVMAP,
            MapType.DEVMAP_HASH, MapType.CPUMAP, MapType.XSKMAP);

    private final Session s;
    private final MemCheck mem;

    CallCheck(Session s, MemCheck mem) {
        this.s = s;
        this.mem = mem;
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
        MapFacts map = null;
        long allocSize = 0;
        int releasedRef = 0;
        boolean elideNull = false;
        List<Arg> args = p.args();
        for (int i = 0; i < args.size(); i++) {
            int r = i + 1;
            RegState v = s.read(st, r, insn);
            switch (args.get(i)) {
                case ANYTHING -> leakCheck(insn, r, v);
                case CONST_MAP_PTR -> map = mapArg(insn, r, v, p);
                case MAP_KEY -> {
                    memArg(st, insn, r, v, map.keySize(), false);
                    elideNull = constInRangeKey(st, v, map);
                }
                case MAP_VALUE -> memArg(st, insn, r, v, map.valueSize(), false);
                case MEM, MEM_OR_NULL, UNINIT_MEM -> pointerArg(insn, r, v, args.get(i) == Arg.MEM_OR_NULL);
                case CONST_SIZE, CONST_SIZE_OR_ZERO -> sizeArg(st, insn, r, v, args.get(i - 1),
                        args.get(i) == Arg.CONST_SIZE_OR_ZERO);
                case CTX -> expect(insn, r, v, v.type() == RegType.CTX && v.off() == 0, "ctx");
                case RINGBUF_RELEASE -> {
                    expect(insn, r, v, v.type() == RegType.RINGBUF_MEM && v.refId() != 0, "ringbuf_mem");
                    if (v.off() != 0 || !v.val().isConst()) {
                        throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r
                                + " must have zero offset when passed to release func");
                    }
                    releasedRef = v.refId();
                }
                case CONST_ALLOC_SIZE -> {
                    if (!v.isConstScalar()) {
                        throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r + " is not a known constant'");
                    }
                    allocSize = v.val().constValue();
                }
                case FUNC -> expect(insn, r, v, v.type() == RegType.FUNC, "func");
                case STACK_OR_NULL -> expect(insn, r, v, v.type() == RegType.STACK
                        || v.isConstScalar() && v.val().constValue() == 0, "fp");
            }
        }
        if (id == 12) {
            s.hasTailCall[st.cur().subprog] = true;
        }
        if (releasedRef != 0) {
            release(st, releasedRef);
        }
        RegState callback = id == 181 ? st.reg(2) : null;
        RegState loopCtx = id == 181 ? st.reg(3) : null;
        clobberCallerSaved(st);
        st.set(0, result(st, insn, p, map, allocSize, elideNull));
        if (p.invalidatesPacket()) {
            RegState gone = s.privileged() ? RegState.UNKNOWN : RegState.NOT_INIT;
            st.mapAll(x -> x.type().isPacket() || x.type() == RegType.PACKET_END ? gone : x);
        }
        if (callback != null) {
            return enterCallback(st, insn, callback, loopCtx);
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

    private void leakCheck(int insn, int r, RegState v) {
        if (v.type().isPointer() && !s.privileged()) {
            throw s.fail(RejectionKind.POINTER_LEAK, insn, "R" + r + " leaks addr into helper function");
        }
    }

    private void expect(int insn, int r, RegState v, boolean ok, String expected) {
        if (!ok) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r + " type=" + v.type().logName()
                    + " expected=" + expected);
        }
    }

    private MapFacts mapArg(int insn, int r, RegState v, HelperProto p) {
        expect(insn, r, v, v.type() == RegType.MAP_PTR, "map_ptr");
        MapFacts m = v.map();
        if (!MODELLED_MAPS.contains(m.type())) {
            throw s.fail(RejectionKind.UNSUPPORTED, insn, "map type " + m.type()
                    + " is not supported by the safety verifier");
        }
        if (p.id() == 12 && m.type() != MapType.PROG_ARRAY) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "expected prog array map for tail call");
        }
        if (!mapFits(m.type(), p.id())) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "cannot pass map_type " + m.type().number()
                    + " into func " + p.name() + "#" + p.id());
        }
        return m;
    }

    /** The kernel's {@code check_map_func_compatibility}, for the modelled maps and helpers. */
    private static boolean mapFits(MapType t, int helper) {
        boolean ops = helper == 1 || helper == 2 || helper == 3;
        return switch (t) {
            case PROG_ARRAY -> helper == 12;
            case PERF_EVENT_ARRAY -> helper == 25;
            case RINGBUF -> helper == 130 || helper == 131;
            case DEVMAP, DEVMAP_HASH, CPUMAP, XSKMAP -> helper == 51 || ops && t != MapType.CPUMAP;
            default -> ops;
        };
    }

    private static final Set<RegType> MEMORY = Set.of(RegType.STACK, RegType.PACKET,
            RegType.PACKET_META, RegType.MAP_VALUE, RegType.MAP_KEY, RegType.MEM, RegType.RINGBUF_MEM);

    private void memArg(VState st, int insn, int r, RegState v, int size, boolean write) {
        expect(insn, r, v, MEMORY.contains(v.type()), "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem");
        mem.helperMem(st, insn, r, Scalar.constant(size), write, false);
    }

    private void pointerArg(int insn, int r, RegState v, boolean nullable) {
        boolean isNull = v.isConstScalar() && v.val().constValue() == 0;
        expect(insn, r, v, MEMORY.contains(v.type()) || nullable && isNull,
                "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem");
    }

    private void sizeArg(VState st, int insn, int r, RegState v, Arg memKind, boolean zeroOk) {
        if (!v.isScalar()) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r + " type=" + v.type().logName()
                    + " expected=scalar");
        }
        mem.helperMem(st, insn, r - 1, v.val(), memKind == Arg.UNINIT_MEM, zeroOk);
    }

    /** A lookup in an array map with a constant in-range key cannot fail (privileged 6.18). */
    private boolean constInRangeKey(VState st, RegState key, MapFacts m) {
        if (m.type() != MapType.ARRAY && m.type() != MapType.PERCPU_ARRAY || key.type() != RegType.STACK
                || !key.val().isConst() || m.keySize() != 4) {
            return false;
        }
        Frame f = st.frames.get(key.frame());
        int at = key.off() + (int) key.val().constValue();
        RegState spilled = f.spill(at);
        long k;
        if (spilled != null && (at & 7) == 0) {
            if (!spilled.isConstScalar()) {
                return false;
            }
            k = spilled.val().constValue() & 0xffffffffL;
        } else {
            for (int i = 0; i < 4; i++) {
                if (f.byteKind(at + i) != dev.ebld.loader.verifier.state.SlotKind.ZERO) {
                    return false;
                }
            }
            k = 0;
        }
        return k < m.maxEntries();
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

    /** Runs a bpf_loop callback once, as a call from this instruction (see the class notes). */
    private int enterCallback(VState st, int insn, RegState callback, RegState loopCtx) {
        Subprog cb = s.layout.subprogAt(callback.frame());
        st.set(1, RegState.scalar(Scalar.urange(0, 0xffffffffL)));
        st.set(2, loopCtx);
        pushFrame(st, insn, cb, true);
        st.cur().regs[3] = RegState.NOT_INIT;
        Frame caller = st.frames.get(st.frames.size() - 2);
        for (int r = 1; r <= 5; r++) {
            caller.regs[r] = RegState.NOT_INIT;
        }
        caller.regs[0] = RegState.UNKNOWN;
        return cb.start();
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
                if (!MEMORY.contains(v.type())) {
                    return "R" + r + " type=" + v.type().logName() + " expected=fp, pkt, pkt_meta, map_key, map_value, mem";
                }
                try {
                    mem.helperMem(st, insn, r, Scalar.constant(a.memSize()), false, false);
                } catch (VerifyException e) {
                    return e.getMessage();
                }
                return null;
            }
        }
        return null;
    }
}
