package dev.ebld.loader.verifier.state;

import java.util.ArrayList;
import java.util.List;

/**
 * One verifier state along a path (the kernel's {@code struct bpf_verifier_state}): the call
 * frames, innermost last, and the references the path holds (ringbuf records it reserved and
 * has not yet submitted or discarded). Mutable; {@link #copy()} before a branch.
 */
public final class VState {

    /** An acquired reference: its id and the instruction that acquired it. */
    public record Ref(int id, int insn) {
    }

    public final List<Frame> frames = new ArrayList<>();
    public final List<Ref> refs = new ArrayList<>();
    public int insn;
    /**
     * How many {@code may_goto} loop iterations this path has entered (the kernel's
     * {@code may_goto_depth}): states at a may_goto with different depths are different
     * iterations of one loop.
     */
    public int mayGotoDepth;

    public VState copy() {
        VState s = new VState();
        for (Frame f : frames) {
            s.frames.add(f.copy());
        }
        s.refs.addAll(refs);
        s.insn = insn;
        s.mayGotoDepth = mayGotoDepth;
        return s;
    }

    public Frame cur() {
        return frames.get(frames.size() - 1);
    }

    public RegState reg(int r) {
        return cur().regs[r];
    }

    public void set(int r, RegState v) {
        cur().regs[r] = v;
    }

    /** Replaces every register and spill in every frame for which {@code f} gives a new value. */
    public void mapAll(java.util.function.UnaryOperator<RegState> f) {
        for (Frame fr : frames) {
            for (int r = 0; r < fr.regs.length; r++) {
                fr.regs[r] = f.apply(fr.regs[r]);
            }
            for (int s = 0; s < Frame.SLOTS; s++) {
                RegState sp = fr.spillAtSlot(s);
                if (sp != null) {
                    fr.replaceSpill(s, f.apply(sp));
                }
            }
        }
    }
}
