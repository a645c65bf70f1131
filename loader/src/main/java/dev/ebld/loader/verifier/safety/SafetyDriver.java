package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.CallKind;
import dev.ebld.insn.Jump;
import dev.ebld.loader.verifier.Rejection;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.Verdict;
import dev.ebld.loader.verifier.VerifierRequest;
import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.VState;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The verification of one load, as the kernel's {@code bpf_check}: check the structure, explore
 * the main program, then every global function it (transitively) calls, each once and on its own
 * against its prototype, then the combined stack along every call chain. After {@link #run}
 * returns an accepting verdict, every path of every verified function is safe.
 */
public final class SafetyDriver {
    private SafetyDriver() {
    }

    public static Verdict run(VerifierRequest r) {
        return run(r, false);
    }

    /**
     * Verifies a library function load (ebld's dynamic linking): the entry is a global function
     * with no program type, verified on its own against its BTF prototype, as the kernel verifies
     * a global function its main program calls; there is no context.
     */
    public static Verdict runLibrary(VerifierRequest r) {
        return run(r, true);
    }

    private static Verdict run(VerifierRequest r, boolean library) {
        VerifierLog log = new VerifierLog(r.logLevel());
        Session s = null;
        try {
            CtxModel ctx = library ? CtxModel.library() : CtxModel.of(r.type(), r.expectedAttachType(), r.privileged()).orElseThrow(() -> new VerifyException(
                    RejectionKind.UNSUPPORTED, 0, "program type " + r.type()
                            + " is not supported by the safety verifier"));
            ProgramLayout layout = ProgramLayout.of(r.insns(), r.funcInfo(), r.progBtf());
            s = new Session(r, layout, ctx, log);
            if (library) {
                libraryEntry(s);
            } else {
                verifyMain(s);
            }
            verifyGlobals(s);
            StackLimits.check(s);
            summary(s);
            return Verdict.accept(log.text(), s.processed);
        } catch (VerifyException e) {
            if (!e.getMessage().equals(log.last())) {
                log.line(e.getMessage());
            }
            int processed = s == null ? 0 : s.processed;
            if (s != null) {
                summary(s);
            }
            return Verdict.reject(rejection(s, e), log.text(), processed);
        }
    }

    private static Rejection rejection(Session s, VerifyException e) {
        if (s == null) {
            return Rejection.at(e.kind(), e.insn(), e.getMessage());
        }
        Subprog sp = s.layout.subprogContaining(Math.max(0, e.insn()));
        return new Rejection(e.kind(), e.getMessage(), e.insn(), Optional.of(sp.name()), sp.btfId());
    }

    private static void verifyMain(Session s) {
        VState st = new VState();
        Frame f = new Frame(0, -1, 0);
        f.regs[1] = RegState.pointer(RegType.CTX, 0);
        st.frames.add(f);
        st.insn = 0;
        new Explorer(s, false, false).run(st);
    }

    /** A library's entry must be a global function; it is then verified as a called one. */
    private static void libraryEntry(Session s) {
        Subprog entry = s.layout.subprogs().get(0);
        // The layout never marks subprogram 0 global (a program's main is not), so ask the BTF.
        boolean global = entry.btfId().isPresent() && s.request.progBtf().map(b -> b.type(entry.btfId().get()))
                .filter(t -> t instanceof dev.ebld.btf.BtfType.Func f && f.linkage() == dev.ebld.btf.BtfType.Func.GLOBAL)
                .isPresent();
        if (!global) {
            throw new VerifyException(RejectionKind.BAD_FUNC_INFO, 0, "library function "
                    + entry.name() + " is not a global function with BTF");
        }
        s.calledGlobals.add(0);
    }

    /** Verifies called global functions in index order until no new one is found called. */
    private static void verifyGlobals(Session s) {
        TreeSet<Integer> done = new TreeSet<>();
        while (true) {
            Integer next = s.calledGlobals.stream().filter(i -> !done.contains(i)).findFirst().orElse(null);
            if (next == null) {
                return;
            }
            done.add(next);
            Subprog sp = s.layout.subprogs().get(next);
            s.log.line("Validating " + sp.name() + "() func#" + sp.index() + "...");
            GlobalFuncs.Contract c = GlobalFuncs.contract(s, sp);
            VState st = new VState();
            Frame f = new Frame(0, -1, sp.index());
            for (int i = 0; i < c.args().size(); i++) {
                f.regs[i + 1] = argState(s, c.args().get(i));
            }
            st.frames.add(f);
            st.insn = sp.start();
            new Explorer(s, true, c.returnsVoid()).run(st);
            s.log.line("Func#" + sp.index() + " ('" + sp.name()
                    + "') is safe for any args that match its prototype");
        }
    }

    private static RegState argState(Session s, GlobalFuncs.ArgContract a) {
        return switch (a.kind()) {
            case SCALAR -> RegState.scalar(Scalar.UNKNOWN);
            case CTX -> RegState.pointer(RegType.CTX, 0);
            case MEM -> RegState.mem(a.nullable() ? RegType.MEM_OR_NULL : RegType.MEM, a.memSize(),
                    a.nullable() ? s.newId() : 0, 0);
        };
    }

    private static void summary(Session s) {
        StringBuilder depths = new StringBuilder("stack depth ");
        for (int i = 0; i < s.stackDepth.length; i++) {
            depths.append(i == 0 ? "" : "+").append(s.stackDepth[i]);
        }
        s.log.detail(1, depths.toString());
        s.log.detail(1, "processed " + s.processed + " insns (limit " + Session.INSN_LIMIT
                + ") max_states_per_insn " + s.maxStatesPerInsn + " total_states " + s.totalStates
                + " peak_states " + s.peakStates + " mark_read 0");
    }

    /** Whether slot {@code i} is a pseudo call; its target subprogram start, else -1. */
    static int localCallTarget(Session s, int i) {
        if (s.layout.at(i) instanceof Jump.Call c && c.target() == CallKind.LOCAL) {
            return i + c.imm() + 1;
        }
        return -1;
    }
}
