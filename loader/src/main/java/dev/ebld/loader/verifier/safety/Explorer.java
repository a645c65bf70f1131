package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.Alu;
import dev.ebld.insn.Atomic;
import dev.ebld.insn.AtomicOp;
import dev.ebld.insn.Endian;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Load;
import dev.ebld.insn.PacketLoad;
import dev.ebld.insn.Store;
import dev.ebld.insn.StoreImm;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.VState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Explores every path of one subprogram (the main program, or a global function on its own) from
 * an initial state, as the kernel's {@code do_check}: depth first, fall-through before the taken
 * branch, each instruction checked by its family's checker. At prune points a path stops when a
 * fully explored earlier state subsumes it ({@link Pruning}); a state identical to one still
 * being explored on the same path is an infinite loop. States are checkpoints in a tree; a
 * checkpoint is fully explored when no path below it is still live (the kernel's
 * {@code branches} count), and only then may it prune others.
 */
final class Explorer {
    private static final int MAX_STATES_PER_INSN = 64;
    private static final int CHECKPOINT_EVERY = 8;

    /** A stored state and how many live paths or unfinished checkpoints still hang below it. */
    private static final class Checkpoint {
        final VState state;
        final Checkpoint parent;
        /** {@link Pruning#fingerprint} of the state: the loop check compares it first. */
        final int fingerprint;
        int branches = 1;

        Checkpoint(VState state, Checkpoint parent, int fingerprint) {
            this.state = state;
            this.parent = parent;
            this.fingerprint = fingerprint;
        }
    }

    private record Path(VState state, Checkpoint cp, int sinceCheckpoint) {
    }

    private final Session s;
    private final AluCheck alu;
    private final MemCheck mem;
    private final BranchCheck branch;
    private final CallCheck calls;
    private final ExitCheck exits;
    private final Liveness live;
    /** The current path's latest checkpoint, and instructions since it was taken. */
    private Checkpoint cp;
    private int since;
    /** The checkpoints stored at each instruction slot (null until the first). */
    private final List<Checkpoint>[] visited;

    Explorer(Session s, boolean globalFunc, boolean returnsVoid) {
        this.s = s;
        this.alu = new AluCheck(s);
        this.mem = new MemCheck(s);
        this.branch = new BranchCheck(s);
        this.calls = new CallCheck(s, mem);
        this.exits = new ExitCheck(s, globalFunc, returnsVoid);
        this.live = s.liveness;
        @SuppressWarnings("unchecked")
        List<Checkpoint>[] v = new List[s.layout.length()];
        this.visited = v;
    }

    void run(VState initial) {
        Deque<Path> pending = new ArrayDeque<>();
        VState st = initial;
        cp = null;
        since = CHECKPOINT_EVERY;
        while (true) {
            walk(st, pending);
            finish(cp);
            if (pending.isEmpty()) {
                return;
            }
            Path p = pending.pop();
            st = p.state();
            cp = p.cp();
            since = p.sinceCheckpoint();
            s.log.detail(1, () -> "from " + p.state().insn + ": " + describe(p.state()));
        }
    }

    /** Follows one path until it ends or is pruned, queueing the branches it forks. */
    private void walk(VState st, Deque<Path> pending) {
        while (true) {
            if (++s.processed > Session.INSN_LIMIT) {
                throw s.fail(RejectionKind.TOO_COMPLEX, st.insn, "BPF program is too large. Processed "
                        + s.processed + " insn");
            }
            if (s.layout.prunePoint(st.insn)) {
                Object r = visit(st, cp, since);
                if (r == Boolean.TRUE) {
                    if (s.log.level() >= 1) {
                        s.log.detail(1, st.insn + ": safe");
                    }
                    return;
                }
                if (r instanceof Checkpoint n) {
                    cp = n;
                    since = 0;
                }
            }
            since++;
            int at = st.insn;
            Insn in = s.layout.at(at);
            if (s.log.level() >= 1) {
                // Guarded rather than a lambda: a capturing lambda would be allocated per insn.
                s.log.detail(1, at + ": " + InsnText.of(in));
            }
            VState forked = step(st, at, in);
            if (forked != null) {
                if (cp != null) {
                    cp.branches++;
                }
                pending.push(new Path(forked, cp, since));
            }
            if (st.insn < 0) {
                return;
            }
            if (s.log.level() >= 2) {
                s.log.detail(2, describe(st));
            }
        }
    }

    /** A path ended: its checkpoints lose one live branch each, up to the first still busy. */
    private void finish(Checkpoint cp) {
        while (cp != null && --cp.branches == 0) {
            cp = cp.parent;
        }
    }

    /** TRUE to prune; a new Checkpoint when one was added; FALSE otherwise. */
    private Object visit(VState st, Checkpoint cp, int since) {
        List<Checkpoint> list = visited[st.insn];
        if (list == null) {
            list = visited[st.insn] = new ArrayList<>();
        }
        boolean loopCall = s.layout.callsCallback(st.insn);
        boolean mayGoto = s.layout.at(st.insn).kind() == Insn.Kind.MAY_GOTO;
        int fp = Pruning.fingerprint(st);
        for (Checkpoint old : list) {
            if (old.branches == 0 || loopCall || mayGoto && old.state.mayGotoDepth != st.mayGotoDepth) {
                // At a bpf_loop call, or a may_goto an iteration deeper, a state within one
                // still being explored (an earlier iteration on this path) has converged: the
                // kernel's RANGE_WITHIN hit.
                if (Pruning.subsumes(old.state, st, false, live)) {
                    return Boolean.TRUE;
                }
            } else if (old.fingerprint == fp && Pruning.subsumes(old.state, st, true, live)) {
                throw s.fail(RejectionKind.INFINITE_LOOP, st.insn, "infinite loop detected at insn " + st.insn);
            }
        }
        if (!loopCall && !mayGoto && (since < CHECKPOINT_EVERY && !list.isEmpty() || list.size() >= MAX_STATES_PER_INSN)) {
            return Boolean.FALSE;
        }
        if (list.size() >= MAX_STATES_PER_INSN) {
            // Only loop sites get here with a full list. Like the kernel's eviction of states
            // that keep missing (max_states_per_insn stays near 64 there too), the oldest
            // iteration goes: convergence is found against recent ones, and an unbounded list
            // made each visit scan every earlier iteration (a loop to 2^31 never finished).
            // Dropping a stored state only prunes less, so this is sound.
            list.remove(0);
        }
        Checkpoint n = new Checkpoint(st.copy(), cp, fp);
        list.add(n);
        s.totalStates++;
        s.peakStates = s.totalStates;
        s.maxStatesPerInsn = Math.max(s.maxStatesPerInsn, list.size());
        // The current path moves from cp to its new child n: cp loses the path and gains the
        // unfinished child, so its count stays as it is.
        return n;
    }

    /** Executes one instruction; sets st.insn to the next, or -1 at the end of the path. */
    private VState step(VState st, int at, Insn in) {
        switch (in.kind()) {
            case ALU -> alu.alu(st, at, (Alu) in);
            case ENDIAN -> alu.endian(st, at, (Endian) in);
            case LD_IMM64 -> alu.ldImm64(st, at, (LdImm64) in);
            case LOAD -> load(st, at, (Load) in);
            case STORE -> {
                Store x = (Store) in;
                RegState v = s.read(st, x.src().number(), at);
                mem.access(st, at, x.dst().number(), x.off(), x.size().bytes(), true, v, false);
            }
            case STORE_IMM -> {
                StoreImm x = (StoreImm) in;
                mem.access(st, at, x.dst().number(), x.off(), x.size().bytes(), true,
                        RegState.constant(x.imm()), false);
            }
            case ATOMIC -> atomic(st, at, (Atomic) in);
            case COND_JUMP -> {
                return cond(st, at, (Jump.Cond) in);
            }
            case GOTO, GOTOL -> {
                st.insn = ProgramLayout.jumpTarget(in, at);
                return null;
            }
            case CALL -> {
                st.insn = calls.call(st, at, (Jump.Call) in);
                return calls.takeForked();
            }
            case EXIT -> {
                exits.exit(st, at);
                return null;
            }
            case PACKET_LOAD -> LegacyPacketLoad.check(s, st, at, (PacketLoad) in);
            case MAY_GOTO -> {
                return mayGoto(st, at, in);
            }
            case CALLX, UNKNOWN -> throw s.fail(RejectionKind.UNSUPPORTED, at,
                    in.kind().name().toLowerCase() + " is not supported by the safety verifier");
        }
        st.insn = at + in.width();
        return null;
    }

    /**
     * {@code may_goto}, as the kernel's {@code check_cond_jmp_op} for {@code BPF_JCOND}: the
     * current path takes the jump (the run-time budget ran out), and a forked path enters the
     * loop body one iteration deeper. {@link #visit} ends a deeper iteration whose state lies
     * within one still being explored at the same may_goto: the loop has converged.
     */
    private VState mayGoto(VState st, int at, Insn in) {
        VState body = st.copy();
        body.mayGotoDepth++;
        body.insn = at + in.width();
        st.insn = ProgramLayout.jumpTarget(in, at);
        return body;
    }

    private void load(VState st, int at, Load x) {
        RegState v = mem.access(st, at, x.src().number(), x.off(), x.size().bytes(), false, null,
                x.signExtend());
        if (x.dst().number() == 10) {
            throw s.fail(RejectionKind.INVALID_INSN, at, "frame pointer is read only");
        }
        st.set(x.dst().number(), v);
    }

    private void atomic(VState st, int at, Atomic x) {
        RegState p = s.read(st, x.dst().number(), at);
        RegState v = s.read(st, x.src().number(), at);
        if (p.type() == RegType.CTX || p.type().isPacket()) {
            throw s.fail(RejectionKind.INVALID_MEM_ACCESS, at, "BPF_ATOMIC stores into R" + x.dst().number()
                    + " " + p.type().logName() + " is not allowed");
        }
        if (!v.isScalar() && !s.privileged()) {
            throw s.fail(RejectionKind.POINTER_LEAK, at, "R" + x.src().number() + " leaks addr into mem");
        }
        if (p.type().isPointer()) {
            Alignment.check(s, at, p, x.off(), x.size().bytes(), true);
        }
        mem.access(st, at, x.dst().number(), x.off(), x.size().bytes(), false, null, false);
        mem.access(st, at, x.dst().number(), x.off(), x.size().bytes(), true, null, false);
        if (x.op() == AtomicOp.CMPXCHG) {
            s.read(st, 0, at);
            st.set(0, RegState.scalar(MemCheck.loadRange(x.size().bytes(), false)));
        } else if (x.fetch()) {
            st.set(x.src().number(), RegState.scalar(MemCheck.loadRange(x.size().bytes(), false)));
        }
    }

    private VState cond(VState st, int at, Jump.Cond c) {
        BranchCheck.Outcome o = branch.cond(st, at, c);
        int target = ProgramLayout.jumpTarget(c, at);
        if (o.fallThrough() == null && o.taken() == null) {
            st.insn = -1;
            return null;
        }
        if (o.fallThrough() == null) {
            copyInto(st, o.taken());
            st.insn = target;
            return null;
        }
        VState taken = o.taken();
        if (taken == st) {
            // The checker refined the current state for the taken side and a copy for the fall
            // through (a "!= 0" null check): move the current frames to the forked path before
            // the current state becomes the fall-through, so the two never share frames.
            taken = new VState();
            copyInto(taken, st);
        }
        if (o.fallThrough() != st) {
            copyInto(st, o.fallThrough());
        }
        st.insn = at + 1;
        if (taken == null) {
            return null;
        }
        taken.insn = target;
        return taken;
    }

    private static void copyInto(VState dst, VState src) {
        if (dst == src) {
            return;
        }
        dst.frames.clear();
        dst.frames.addAll(src.frames);
        dst.refs.clear();
        dst.refs.addAll(src.refs);
    }

    private static String describe(VState st) {
        StringBuilder b = new StringBuilder();
        for (Frame f : st.frames) {
            if (st.frames.size() > 1) {
                b.append("frame").append(f.frameNo).append(": ");
            }
            for (int r = 0; r < f.regs.length; r++) {
                if (f.regs[r].type() != RegType.NOT_INIT) {
                    b.append('R').append(r).append('=').append(f.regs[r].describe()).append(' ');
                }
            }
        }
        return b.toString().trim();
    }
}
