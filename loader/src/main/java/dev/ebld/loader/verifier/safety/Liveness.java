package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.Alu;
import dev.ebld.insn.AluOp;
import dev.ebld.insn.Atomic;
import dev.ebld.insn.AtomicOp;
import dev.ebld.insn.Endian;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Load;
import dev.ebld.insn.PacketLoad;
import dev.ebld.insn.Source;
import dev.ebld.insn.Store;
import dev.ebld.insn.StoreImm;

/**
 * The registers each instruction's continuations may read before writing, computed once per
 * load by a backward data-flow pass over each subprogram's control-flow graph. It stands in for
 * the kernel's {@code REG_LIVE_READ} marks, which the kernel collects along explored paths;
 * this static over-approximation marks at least every register any path reads, so
 * {@link Pruning} may ignore the others: a register no continuation reads cannot make a path
 * safe or unsafe, whatever it holds.
 *
 * <p>Calls are not followed into the callee: a call reads R1-R5 (whatever its prototype says)
 * and writes R0 and, where the verifier clobbers them (helpers, global and dynamic calls, legacy
 * packet loads), R1-R5. A static function's exit returns to its caller's frame, whose
 * registers {@link Pruning} compares by the liveness at the return point. R10 is always live.
 * After {@link #of}: {@link #liveAt} holds for every instruction slot.
 */
final class Liveness {
    private static final int R0 = 1;
    private static final int ARGS = 0b111110;
    private static final int FP = 1 << 10;

    /** Bit r set when register r may be read before written from the slot on. */
    private final short[] liveIn;

    private Liveness(short[] liveIn) {
        this.liveIn = liveIn;
    }

    static Liveness of(ProgramLayout layout) {
        int n = layout.length();
        short[] in = new short[n];
        boolean changed = true;
        // Reverse sweeps until nothing changes: each sweep carries liveness one loop back-edge
        // further, so the number of sweeps is bounded by the loop nesting depth plus one.
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Insn x = layout.at(i);
                if (x == null) {
                    continue;
                }
                int out = 0;
                int t = ProgramLayout.jumpTarget(x, i);
                if (t != Integer.MIN_VALUE) {
                    out |= in[t];
                }
                if (fallsThrough(x) && i + x.width() < n) {
                    out |= in[i + x.width()];
                }
                short now = (short) (uses(x) | out & ~defs(x, layout, i) | FP);
                if (now != in[i]) {
                    in[i] = now;
                    changed = true;
                }
            }
        }
        return new Liveness(in);
    }

    /** The registers some continuation from {@code insn} may read before writing, as a bit set. */
    int liveAt(int insn) {
        return liveIn[insn];
    }

    private static boolean fallsThrough(Insn x) {
        return x.kind() != Insn.Kind.EXIT && x.kind() != Insn.Kind.GOTO && x.kind() != Insn.Kind.GOTOL;
    }

    private static int bit(dev.ebld.insn.Reg r) {
        return 1 << r.number();
    }

    /** Registers the instruction reads (the verifier checks or uses them). */
    private static int uses(Insn x) {
        return switch (x.kind()) {
            case ALU -> {
                Alu a = (Alu) x;
                int src = a.source() == Source.X ? bit(a.src()) : 0;
                yield isMove(a.op()) ? src : src | bit(a.dst());
            }
            case ENDIAN -> bit(((Endian) x).dst());
            case LOAD -> bit(((Load) x).src());
            case STORE -> bit(((Store) x).dst()) | bit(((Store) x).src());
            case STORE_IMM -> bit(((StoreImm) x).dst());
            case ATOMIC -> {
                Atomic a = (Atomic) x;
                yield bit(a.dst()) | bit(a.src()) | (a.op() == AtomicOp.CMPXCHG ? R0 : 0);
            }
            case COND_JUMP -> {
                Jump.Cond c = (Jump.Cond) x;
                yield bit(c.dst()) | (c.source() == Source.X ? bit(c.src()) : 0);
            }
            case CALL -> ARGS;
            case CALLX -> ARGS | bit(((Jump.CallX) x).reg());
            case EXIT -> R0;
            case PACKET_LOAD -> {
                PacketLoad p = (PacketLoad) x;
                yield 1 << 6 | (p.indirect() ? bit(p.src()) : 0);
            }
            case LD_IMM64, GOTO, GOTOL, MAY_GOTO, UNKNOWN -> 0;
        };
    }

    /** Registers the instruction always overwrites on every path through it. */
    private static int defs(Insn x, ProgramLayout layout, int i) {
        return switch (x.kind()) {
            case ALU -> bit(((Alu) x).dst());
            case ENDIAN -> bit(((Endian) x).dst());
            case LD_IMM64 -> bit(((LdImm64) x).dst());
            case LOAD -> bit(((Load) x).dst());
            case ATOMIC -> {
                Atomic a = (Atomic) x;
                yield a.op() == AtomicOp.CMPXCHG ? R0 : a.fetch() ? bit(a.src()) : 0;
            }
            case CALL -> callDefs((Jump.Call) x, layout, i);
            case PACKET_LOAD -> R0 | ARGS;
            case STORE, STORE_IMM, COND_JUMP, GOTO, GOTOL, MAY_GOTO, CALLX, EXIT, UNKNOWN -> 0;
        };
    }

    /** A static function's return keeps the caller's R1-R5 (only R0 is set); other calls clobber them. */
    private static int callDefs(Jump.Call c, ProgramLayout layout, int i) {
        return switch (c.target()) {
            case LOCAL -> layout.subprogAt(i + c.imm() + 1).global() ? R0 | ARGS : R0;
            case HELPER, KFUNC, DYNAMIC -> R0 | ARGS;
        };
    }

    private static boolean isMove(AluOp op) {
        return switch (op) {
            case MOV, MOVSX8, MOVSX16, MOVSX32, ADDR_SPACE_CAST -> true;
            case ADD, SUB, MUL, DIV, SDIV, OR, AND, LSH, RSH, NEG, MOD, SMOD, XOR, ARSH -> false;
        };
    }
}
