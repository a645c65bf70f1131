package dev.ebld.loader.verifier;

import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.insn.Unknown;
import java.util.List;
import java.util.TreeSet;

/**
 * Checks the shape of a program, the part of the kernel's {@code check_subprogs} and
 * {@code resolve_pseudo_ldimm64} that needs no data flow: every instruction decodes (no reserved
 * fields), every jump lands on an instruction start inside its own subprogram (never in the second
 * half of an {@code ld_imm64}), every local call and {@code BPF_PSEUDO_FUNC} names an instruction
 * start, there are at most 256 subprograms, and each subprogram ends in an exit or a jump.
 *
 * <p><b>This verifier does NOT check safety.</b> It proves nothing about registers, pointers,
 * memory bounds, helper arguments, loops or termination. A program it accepts can still do
 * everything the kernel's verifier would refuse; the simulated kernel stays memory-safe anyway
 * because its interpreter checks every access at run time. It is the simulated kernel's default
 * only until the safety verifier exists.
 */
public final class StructuralVerifier implements Verifier {
    /** MAX_SUBPROGS in the kernel's verifier. */
    public static final int MAX_SUBPROGS = 256;

    @Override
    public Verdict verify(VerifierRequest request) {
        List<Insn> insns = request.insns();
        int[] slotOf = new int[insns.size()];
        boolean[] start = new boolean[countSlots(insns, slotOf) + 1];
        for (int s : slotOf) {
            start[s] = true;
        }
        int slots = start.length - 1;
        try {
            if (insns.isEmpty()) {
                throw reject(RejectionKind.FALL_OFF_END, 0, "program has no instructions");
            }
            TreeSet<Integer> subprogs = findSubprogs(insns, slotOf, start, slots);
            checkJumps(insns, slotOf, subprogs, start, slots);
            return Verdict.accept("structural check passed (no safety verification)\n", slots);
        } catch (RejectedException e) {
            return Verdict.reject(e.rejection, e.rejection.message() + "\n", slots);
        }
    }

    private static int countSlots(List<Insn> insns, int[] slotOf) {
        int pc = 0;
        for (int i = 0; i < insns.size(); i++) {
            slotOf[i] = pc;
            pc += insns.get(i).width();
        }
        return pc;
    }

    /** Slot 0, every local call target and every BPF_PSEUDO_FUNC target start a subprogram. */
    private static TreeSet<Integer> findSubprogs(List<Insn> insns, int[] slotOf, boolean[] start,
            int slots) throws RejectedException {
        TreeSet<Integer> subprogs = new TreeSet<>();
        subprogs.add(0);
        for (int i = 0; i < insns.size(); i++) {
            Insn insn = insns.get(i);
            int pc = slotOf[i];
            long target = -1;
            if (insn.kind() == Insn.Kind.UNKNOWN) {
                throw reject(RejectionKind.INVALID_INSN, pc, "invalid insn: "
                        + ((Unknown) insn).reason());
            } else if (insn.kind() == Insn.Kind.CALL) {
                Jump.Call call = (Jump.Call) insn;
                if (call.target() == CallKind.KFUNC) {
                    throw reject(RejectionKind.UNSUPPORTED, pc, "kfunc calls are not supported");
                }
                if (call.target() == CallKind.LOCAL) {
                    target = (long) pc + 1 + call.imm();
                }
            } else if (insn.kind() == Insn.Kind.LD_IMM64
                    && ((LdImm64) insn).src() == PseudoSrc.FUNC) {
                target = (long) pc + 1 + ((LdImm64) insn).lo();
            }
            if (target == -1 && !isLocalTarget(insn)) {
                continue;
            }
            if (target < 0 || target >= slots || !start[(int) target]) {
                throw reject(RejectionKind.JUMP_OUT_OF_RANGE, pc, "function call to insn "
                        + target + " is not the start of an instruction in the program");
            }
            subprogs.add((int) target);
        }
        if (subprogs.size() > MAX_SUBPROGS) {
            throw reject(RejectionKind.TOO_MANY_SUBPROGS, 0, "too many subprograms: "
                    + subprogs.size() + " (at most " + MAX_SUBPROGS + ")");
        }
        return subprogs;
    }

    /** Jumps stay inside their subprogram on instruction starts; each subprogram ends in a jump. */
    private static void checkJumps(List<Insn> insns, int[] slotOf, TreeSet<Integer> subprogs,
            boolean[] start, int slots) throws RejectedException {
        for (int i = 0; i < insns.size(); i++) {
            Insn insn = insns.get(i);
            int pc = slotOf[i];
            int lo = subprogs.floor(pc);
            Integer next = subprogs.higher(pc);
            int hi = next == null ? slots : next;
            long target = jumpTarget(insn, pc);
            if (target != Long.MIN_VALUE && (target < lo || target >= hi || !start[(int) target])) {
                throw reject(RejectionKind.JUMP_OUT_OF_RANGE, pc, "jump out of range from insn "
                        + pc + " to " + target);
            }
            boolean last = i + 1 == insns.size() || slotOf[i + 1] == hi;
            if (last && !endsFlow(insn)) {
                throw reject(RejectionKind.FALL_OFF_END, pc, "last insn is not an exit or jmp");
            }
        }
    }

    /** The slot a jump goes to, or MIN_VALUE for instructions that do not jump. */
    private static boolean isLocalTarget(Insn insn) {
        return insn.kind() == Insn.Kind.CALL && ((Jump.Call) insn).target() == CallKind.LOCAL
                || insn.kind() == Insn.Kind.LD_IMM64 && ((LdImm64) insn).src() == PseudoSrc.FUNC;
    }

    private static long jumpTarget(Insn insn, int pc) {
        return switch (insn.kind()) {
            case COND_JUMP -> (long) pc + 1 + ((Jump.Cond) insn).off();
            case GOTO -> (long) pc + 1 + ((Jump.Goto) insn).off();
            case GOTOL -> (long) pc + 1 + ((Jump.GotoLong) insn).imm();
            case MAY_GOTO -> (long) pc + 1 + ((Jump.MayGoto) insn).off();
            case ALU, ENDIAN, CALL, CALLX, EXIT, LOAD, STORE, STORE_IMM, ATOMIC, LD_IMM64, PACKET_LOAD,
                    UNKNOWN -> Long.MIN_VALUE;
        };
    }

    private static boolean endsFlow(Insn insn) {
        Insn.Kind k = insn.kind();
        return k == Insn.Kind.EXIT || k == Insn.Kind.GOTO || k == Insn.Kind.GOTOL;
    }

    private static RejectedException reject(RejectionKind kind, int pc, String message) {
        return new RejectedException(Rejection.at(kind, pc, message));
    }

    /** Carries a rejection out of the nested checks; never leaves this class. */
    private static final class RejectedException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Rejection rejection;

        RejectedException(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }
}
