package dev.ebld.loader.verifier.safety;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.insn.CallKind;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.verifier.RejectionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The program's structure, checked before any state is explored (the kernel's
 * {@code add_subprog_and_kfunc}, {@code check_subprogs}, {@code check_btf_func} and
 * {@code check_cfg}). After {@link #of}: every slot maps to its instruction, subprograms are
 * known with their linkage, every jump and call lands on an instruction of the same subprogram
 * (calls: on a subprogram start), each subprogram ends in an exit or a jump, func_info matches
 * the layout, every instruction is reachable, and prune points are marked.
 */
public final class ProgramLayout {
    public static final int MAX_SUBPROGS = 256;
    private static final int FUNC_LINKAGE_GLOBAL = 1;

    private final Insn[] bySlot;
    private final List<Subprog> subprogs;
    private final boolean[] prunePoint;

    private ProgramLayout(Insn[] bySlot, List<Subprog> subprogs, boolean[] prunePoint) {
        this.bySlot = bySlot;
        this.subprogs = subprogs;
        this.prunePoint = prunePoint;
    }

    public static ProgramLayout of(List<Insn> insns, List<FuncInfo> funcInfo, Optional<Btf> btf) {
        Insn[] bySlot = slots(insns);
        TreeSet<Integer> starts = findSubprogStarts(bySlot);
        if (starts.size() > MAX_SUBPROGS) {
            throw new VerifyException(RejectionKind.TOO_MANY_SUBPROGS, 0, "too many subprograms");
        }
        List<Subprog> subprogs = describe(bySlot.length, starts, funcInfo, btf);
        checkJumps(bySlot, subprogs);
        boolean[] prune = new boolean[bySlot.length];
        checkReachable(bySlot, prune);
        return new ProgramLayout(bySlot, subprogs, prune);
    }

    private static Insn[] slots(List<Insn> insns) {
        int n = 0;
        for (Insn i : insns) {
            n += i.width();
        }
        Insn[] out = new Insn[n];
        int pos = 0;
        for (Insn i : insns) {
            if (i.kind() == Insn.Kind.UNKNOWN) {
                throw new VerifyException(RejectionKind.INVALID_INSN, pos, "unknown opcode "
                        + String.format("%02x", ((dev.ebld.insn.Unknown) i).slot().opcode()));
            }
            out[pos] = i;
            pos += i.width();
        }
        return out;
    }

    private static TreeSet<Integer> findSubprogStarts(Insn[] bySlot) {
        TreeSet<Integer> starts = new TreeSet<>();
        starts.add(0);
        for (int i = 0; i < bySlot.length; i++) {
            int target = callTarget(bySlot, i);
            if (target == Integer.MIN_VALUE) {
                continue;
            }
            if (target < 0 || target >= bySlot.length || bySlot[target] == null) {
                throw new VerifyException(RejectionKind.JUMP_OUT_OF_RANGE, i,
                        "call to invalid destination");
            }
            starts.add(target);
        }
        return starts;
    }

    /** The slot a pseudo call or a {@code ld_imm64} of a function targets, or MIN_VALUE. */
    static int callTarget(Insn[] bySlot, int i) {
        Insn in = bySlot[i];
        if (in instanceof Jump.Call c && c.target() == CallKind.LOCAL) {
            return i + c.imm() + 1;
        }
        if (in instanceof LdImm64 l && l.src() == PseudoSrc.FUNC) {
            return i + (int) l.imm() + 1;
        }
        return Integer.MIN_VALUE;
    }

    private static List<Subprog> describe(int n, TreeSet<Integer> starts, List<FuncInfo> funcInfo,
            Optional<Btf> btf) {
        List<Integer> s = new ArrayList<>(starts);
        if (!funcInfo.isEmpty() && funcInfo.size() != s.size()) {
            throw new VerifyException(RejectionKind.BAD_FUNC_INFO, 0,
                    "number of funcs in func_info doesn't match number of subprogs");
        }
        List<Subprog> out = new ArrayList<>();
        for (int k = 0; k < s.size(); k++) {
            int end = k + 1 < s.size() ? s.get(k + 1) : n;
            String name = k == 0 ? "main" : "func#" + k;
            Optional<Integer> id = Optional.empty();
            boolean global = false;
            if (!funcInfo.isEmpty()) {
                FuncInfo fi = funcInfo.get(k);
                if (fi.insnOff() != s.get(k)) {
                    throw new VerifyException(RejectionKind.BAD_FUNC_INFO, s.get(k),
                            "func_info BTF section doesn't match subprog layout in BPF program");
                }
                BtfType t = btf.map(b -> b.type(fi.typeId().value())).orElse(null);
                if (!(t instanceof BtfType.Func f)) {
                    throw new VerifyException(RejectionKind.BAD_FUNC_INFO, s.get(k),
                            "invalid type id " + fi.typeId().value() + " in func info");
                }
                name = f.name();
                id = Optional.of(fi.typeId().value());
                global = k > 0 && f.linkage() == FUNC_LINKAGE_GLOBAL;
            }
            out.add(new Subprog(k, s.get(k), end, name, id, global));
        }
        return List.copyOf(out);
    }

    private static void checkJumps(Insn[] bySlot, List<Subprog> subprogs) {
        for (Subprog sp : subprogs) {
            for (int i = sp.start(); i < sp.end(); i++) {
                Insn in = bySlot[i];
                if (in == null) {
                    continue;
                }
                int t = jumpTarget(in, i);
                if (t != Integer.MIN_VALUE && (t < sp.start() || t >= sp.end())) {
                    throw new VerifyException(RejectionKind.JUMP_OUT_OF_RANGE, i,
                            "jump out of range from insn " + i + " to " + t);
                }
                if (t != Integer.MIN_VALUE && bySlot[t] == null) {
                    throw new VerifyException(RejectionKind.JUMP_OUT_OF_RANGE, i,
                            "jump to the middle of ldimm64 insn " + (t - 1));
                }
            }
            int last = sp.end() - 1;
            Insn lastInsn = bySlot[last] != null ? bySlot[last] : bySlot[last - 1];
            if (lastInsn.kind() != Insn.Kind.EXIT && lastInsn.kind() != Insn.Kind.GOTO
                    && lastInsn.kind() != Insn.Kind.GOTOL) {
                throw new VerifyException(RejectionKind.FALL_OFF_END, last,
                        "last insn is not an exit or jmp");
            }
        }
    }

    /** Where a jump goes when taken, or MIN_VALUE for a non-jump (calls return here). */
    static int jumpTarget(Insn in, int i) {
        return switch (in.kind()) {
            case COND_JUMP -> i + ((Jump.Cond) in).off() + 1;
            case GOTO -> i + ((Jump.Goto) in).off() + 1;
            case GOTOL -> i + ((Jump.GotoLong) in).imm() + 1;
            case MAY_GOTO -> i + ((Jump.MayGoto) in).off() + 1;
            case ALU, ENDIAN, CALL, CALLX, EXIT, LOAD, STORE, STORE_IMM, ATOMIC, LD_IMM64,
                    PACKET_LOAD, UNKNOWN -> Integer.MIN_VALUE;
        };
    }

    /** Depth-first walk from insn 0 through jumps and calls; marks jump targets as prune points. */
    /** The slots control may reach from slot {@code i}, marking the prune points it implies. */
    private static List<Integer> successors(Insn[] bySlot, int i, boolean[] prune) {
        Insn in = bySlot[i];
        List<Integer> next = new ArrayList<>(2);
        int t = jumpTarget(in, i);
        Insn.Kind k = in.kind();
        if (t != Integer.MIN_VALUE) {
            next.add(t);
            prune[t] = true;
            if (k == Insn.Kind.COND_JUMP || k == Insn.Kind.MAY_GOTO) {
                prune[i] = true;
            }
        }
        if (isLoopCall(in)) {
            prune[i] = true;
        }
        int call = callTarget(bySlot, i);
        if (call != Integer.MIN_VALUE) {
            next.add(call);
            prune[call] = true;
            if (i + in.width() < bySlot.length) {
                prune[i + in.width()] = true;
            }
        }
        if (k != Insn.Kind.EXIT && k != Insn.Kind.GOTO && k != Insn.Kind.GOTOL) {
            next.add(i + in.width());
        }
        return next;
    }

    private static void checkReachable(Insn[] bySlot, boolean[] prune) {
        boolean[] seen = new boolean[bySlot.length];
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        work.push(0);
        seen[0] = true;
        while (!work.isEmpty()) {
            int i = work.pop();
            List<Integer> next = successors(bySlot, i, prune);
            for (int n : next) {
                if (n >= bySlot.length) {
                    throw new VerifyException(RejectionKind.FALL_OFF_END, i, "jump out of range from insn "
                            + i + " to " + n);
                }
                if (!seen[n]) {
                    seen[n] = true;
                    work.push(n);
                }
            }
        }
        for (int i = 0; i < bySlot.length; i++) {
            if (bySlot[i] != null && !seen[i]) {
                throw new VerifyException(RejectionKind.UNREACHABLE_INSN, i, "unreachable insn " + i);
            }
        }
    }

    public Insn at(int slot) {
        return bySlot[slot];
    }

    public int length() {
        return bySlot.length;
    }

    public List<Subprog> subprogs() {
        return subprogs;
    }

    public Subprog subprogAt(int start) {
        for (Subprog s : subprogs) {
            if (s.start() == start) {
                return s;
            }
        }
        throw new IllegalArgumentException("no subprogram starts at " + start);
    }

    public Subprog subprogContaining(int insn) {
        Subprog found = subprogs.get(0);
        for (Subprog s : subprogs) {
            if (s.start() <= insn) {
                found = s;
            }
        }
        return found;
    }

    public boolean prunePoint(int insn) {
        return prunePoint[insn];
    }

    /** Whether slot {@code insn} calls {@code bpf_loop}: a forced checkpoint, its iterations' loop head. */
    public boolean callsCallback(int insn) {
        return isLoopCall(bySlot[insn]);
    }

    private static boolean isLoopCall(Insn in) {
        return in instanceof Jump.Call c && c.target() == CallKind.HELPER && c.imm() == Helpers.LOOP;
    }
}
