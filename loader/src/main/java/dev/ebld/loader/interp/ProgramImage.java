package dev.ebld.loader.interp;

import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.insn.Slot;
import dev.ebld.insn.Unknown;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A program decoded once, at load, into flat arrays the interpreter indexes by slot: the packed
 * header word ({@code opcode | dst << 8 | src << 12 | off << 16}), the immediate, the resolved
 * 64-bit value of each {@code ld_imm64} and the precomputed target of each jump and local call.
 *
 * <p>What holds after decoding: every slot the interpreter can reach has a defined meaning. Slots
 * it must refuse (the second half of an {@code ld_imm64}, an instruction the codec did not
 * understand, the sentinel one past the end, and any jump whose target is outside the program)
 * are marked invalid with a reason, so a run without a verifier faults there with a typed error
 * instead of indexing out of the arrays.
 *
 * <p>Extensions (freplace): {@link #replace} points a subprogram's entry slot at another image,
 * and from then on every call to that slot (and a run from slot 0, when the main function is
 * replaced) runs the other image instead. The table is one array read per call, so a dispatcher
 * whose slots are extended costs about what the statically linked program does.
 *
 * <p>{@link BytecodeCompiler} compiles the same image to JVM bytecode (see {@link BytecodeExecutor}).
 */
public final class ProgramImage {
    /** Opcode 0x00 is no BPF instruction; the image uses it for every invalid slot. */
    static final int INVALID = 0x00;

    /** How {@code ld_imm64} pseudo sources (map fds, map values, functions) become values. */
    @FunctionalInterface
    public interface PseudoResolver {
        /** The 64-bit value the instruction at {@code slot} loads; throws to refuse it. */
        long resolve(LdImm64 insn, int slot);
    }

    /** Where a dynamic call enters: another loaded program's image, and a slot in it. */
    public record CallTarget(ProgramImage image, int slot) {
    }

    /** How dynamic calls (src 3, ebld's {@code BPF_PSEUDO_EBLD_CALL}) find their callee. */
    @FunctionalInterface
    public interface CallResolver {
        /** The callee of the dynamic call at {@code slot}, null if none; throws to refuse it. */
        CallTarget resolve(Jump.Call call, int slot);

        /** No callees: a dynamic call becomes an invalid slot (a typed fault if it runs). */
        CallResolver NONE = (call, slot) -> null;
    }

    private final String name;
    final int[] code;
    final int[] imm;
    final long[] wide;
    final int[] target;
    /**
     * {@link #code} and {@link #imm} of each slot in one word ({@code imm << 32 | code}), filled
     * once decoding is done: the interpreter's loop reads one array per instruction, not two.
     */
    final long[] ops;
    /** For each dynamic call slot, the callee's image (its entry slot is in {@link #target}). */
    final ProgramImage[] callee;
    private final String[] invalid;
    private final int length;
    /** Per entry slot, the image that replaces the function starting there, or null. */
    final ProgramImage[] replaced;
    /**
     * This image compiled by {@link BytecodeCompiler}, once a {@link BytecodeExecutor} ran it. A
     * race compiles twice and keeps either result: both behave the same.
     */
    CompiledCode compiled;
    /** The id of the loaded program this image is, once the kernel that loaded it said ({@link #identify}). */
    private volatile OptionalInt progId = OptionalInt.empty();

    private ProgramImage(String name, int slots) {
        this.name = name;
        this.length = slots;
        this.code = new int[slots + 1];
        this.imm = new int[slots + 1];
        this.wide = new long[slots + 1];
        this.target = new int[slots + 1];
        this.ops = new long[slots + 1];
        this.callee = new ProgramImage[slots + 1];
        this.invalid = new String[slots + 1];
        this.replaced = new ProgramImage[slots + 1];
    }

    /**
     * Decodes {@code insns}. Plain {@code ld_imm64} loads its constant; {@code ld_imm64} with
     * {@code BPF_PSEUDO_FUNC} loads the function's slot index tagged as a code pointer; every other
     * pseudo source goes to {@code resolver}.
     */
    public static ProgramImage decode(String name, List<Insn> insns, PseudoResolver resolver) {
        return decode(name, insns, resolver, CallResolver.NONE);
    }

    /**
     * Decodes {@code insns} as {@link #decode(String, List, PseudoResolver)}, with the callee of
     * every dynamic call from {@code calls}: the interpreter enters that image with a fresh frame.
     */
    public static ProgramImage decode(String name, List<Insn> insns, PseudoResolver resolver,
            CallResolver calls) {
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(calls, "calls");
        int slots = 0;
        for (Insn i : insns) {
            slots += i.width();
        }
        ProgramImage img = new ProgramImage(name, slots);
        int pc = 0;
        for (Insn insn : insns) {
            img.put(pc, insn, resolver);
            pc += insn.width();
        }
        img.markInvalid(slots, "fell off the end of the program");
        img.resolveTargets();
        img.resolveDynamicCalls(insns, calls);
        img.pack();
        return img;
    }

    private void put(int pc, Insn insn, PseudoResolver resolver) {
        Slot s = insn.slots().get(0);
        code[pc] = s.opcode() | s.dst() << 8 | s.src() << 12 | (s.off() & 0xffff) << 16;
        imm[pc] = s.imm();
        switch (insn.kind()) {
            case UNKNOWN:
                markInvalid(pc, ((Unknown) insn).reason());
                break;
            case LD_IMM64:
                LdImm64 ld = (LdImm64) insn;
                wide[pc] = ld.src() == PseudoSrc.IMM64 ? ld.imm()
                        : ld.src() == PseudoSrc.FUNC ? CodePointers.of(pc + 1 + ld.lo())
                        : resolver.resolve(ld, pc);
                markInvalid(pc + 1, "jump into the middle of ld_imm64 at " + pc);
                break;
            case CALL:
                if (((Jump.Call) insn).target() == CallKind.KFUNC) {
                    markInvalid(pc, "kfunc calls are not supported by the interpreter");
                }
                break;
            case ALU, ENDIAN, COND_JUMP, GOTO, GOTOL, MAY_GOTO, CALLX, EXIT, LOAD, STORE, STORE_IMM,
                    ATOMIC, PACKET_LOAD:
                break;
        }
    }

    private void resolveDynamicCalls(List<Insn> insns, CallResolver calls) {
        int pc = 0;
        for (Insn insn : insns) {
            if (insn instanceof Jump.Call c && c.target() == CallKind.DYNAMIC) {
                CallTarget t = calls.resolve(c, pc);
                if (t == null) {
                    markInvalid(pc, "dynamic call with no loaded callee");
                } else if (t.slot() < 0 || t.slot() >= t.image().length()) {
                    markInvalid(pc, "dynamic call enters " + t.image().name() + " outside it");
                } else {
                    callee[pc] = t.image();
                    target[pc] = t.slot();
                }
            }
            pc += insn.width();
        }
    }

    /** Fills {@link #ops} from the final {@link #code} and {@link #imm}. */
    private void pack() {
        for (int pc = 0; pc <= length; pc++) {
            ops[pc] = (long) imm[pc] << 32 | (code[pc] & 0xffff_ffffL);
        }
    }

    private void markInvalid(int pc, String reason) {
        code[pc] = INVALID;
        invalid[pc] = reason;
    }

    /** Precomputes jump and call targets; an out-of-range one becomes the end sentinel. */
    private void resolveTargets() {
        for (int pc = 0; pc < length; pc++) {
            int c = code[pc];
            int op = c & 0xff;
            int cls = op & 7;
            if (cls != 5 && cls != 6 || c == INVALID) {
                continue;
            }
            long t;
            if (op == 0x06) { // gotol: the offset is in imm
                t = (long) pc + 1 + imm[pc];
            } else if (op == 0x85) {
                t = (long) pc + 1 + imm[pc]; // local calls (src 1); dynamic ones are set later
            } else {
                t = pc + 1 + (short) (c >>> 16);
            }
            target[pc] = t >= 0 && t < length ? (int) t : length;
        }
    }

    public String name() {
        return name;
    }

    /**
     * Records that this image is loaded program {@code id}, so that its run faults name it; a
     * kernel calls this once, when it gives the program its id.
     */
    public void identify(int id) {
        if (progId.isPresent() && progId.getAsInt() != id) {
            throw new IllegalStateException("image " + name + " is already program "
                    + progId.getAsInt());
        }
        progId = OptionalInt.of(id);
    }

    /** The loaded program's id, if a kernel {@linkplain #identify identified} this image. */
    public OptionalInt progId() {
        return progId;
    }

    /** Number of slots. */
    public int length() {
        return length;
    }

    /**
     * Makes calls to the function starting at {@code entry} run {@code by} (from its slot 0)
     * instead, or, with null, the original code again. The caller serialises this with runs.
     */
    public void replace(int entry, ProgramImage by) {
        if (entry < 0 || entry >= length) {
            throw new IllegalArgumentException("slot " + entry + " is outside " + name);
        }
        replaced[entry] = by;
    }

    /** The image replacing the function at {@code entry}, or null when its own code runs. */
    public ProgramImage replacement(int entry) {
        return replaced[entry];
    }

    /** Why the slot at {@code pc} cannot run, or null when it can. */
    String invalidReason(int pc) {
        return invalid[pc];
    }
}
