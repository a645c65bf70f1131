package dev.ebld.loader.verifier.state;

import java.util.Arrays;

/**
 * One call frame of a verifier state (the kernel's {@code struct bpf_func_state}): registers,
 * the 512-byte stack as per-byte {@link SlotKind}s plus the register spilled into each aligned
 * 8-byte slot, where it returns to, and how deep its stack has been used. Mutable; states copy
 * it with {@link #copy()} before they diverge. A copy shares the stack arrays with its original
 * until either writes to its stack (copy on write): most branches change registers only, and
 * the stack is most of what a copy would otherwise cost.
 */
public final class Frame {
    public static final int STACK_SIZE = 512;
    public static final int SLOTS = STACK_SIZE / 8;
    private static final byte MISC = (byte) SlotKind.MISC.ordinal();
    private static final byte SPILL = (byte) SlotKind.SPILL.ordinal();

    public final RegState[] regs = new RegState[11];
    private static final SlotKind[] KINDS = SlotKind.values();

    /** Each byte's {@link SlotKind} ordinal (a byte array: states are copied at every branch). */
    private byte[] bytes = new byte[STACK_SIZE];
    private RegState[] spills = new RegState[SLOTS];
    /** Whether another frame may hold {@link #bytes} and {@link #spills} too: copy before a write. */
    private boolean stackShared;
    /** Index of the lowest byte ever written: every byte below it is {@link SlotKind#INVALID}. */
    private int used = STACK_SIZE;
    /** The instruction after the call that created this frame, or -1 for the outermost frame. */
    public final int callsite;
    /** Index of the subprogram this frame runs. */
    public final int subprog;
    public final int frameNo;
    /** Whether this frame runs a {@code bpf_loop} callback (R0 must be 0 or 1 at its exit). */
    public boolean callback;
    /**
     * How many {@code bpf_loop} callback iterations this frame has started at its current
     * callback call (the kernel's {@code callback_depth}): a further iteration is explored only
     * while it is below the loop count's upper bound.
     */
    public int callbackDepth;

    public Frame(int frameNo, int callsite, int subprog) {
        this.frameNo = frameNo;
        this.callsite = callsite;
        this.subprog = subprog;
        Arrays.fill(regs, RegState.NOT_INIT);
        regs[10] = RegState.stack(frameNo, 0);
    }

    private Frame(Frame o) {
        this.frameNo = o.frameNo;
        this.callsite = o.callsite;
        this.subprog = o.subprog;
        this.callback = o.callback;
        this.callbackDepth = o.callbackDepth;
        System.arraycopy(o.regs, 0, regs, 0, regs.length);
        this.bytes = o.bytes;
        this.spills = o.spills;
        this.stackShared = true;
        o.stackShared = true;
        this.used = o.used;
    }

    public Frame copy() {
        return new Frame(this);
    }

    /** Byte index into the stack arrays for frame offset {@code off} (-512..-1). */
    private static int index(int off) {
        return STACK_SIZE + off;
    }

    public SlotKind byteKind(int off) {
        return KINDS[bytes[index(off)]];
    }

    /** The lowest byte index (0..512) ever written; bytes below it were never written. */
    public int used() {
        return used;
    }

    /** Whether both frames' stacks are identical, byte kinds and spilled registers. */
    public boolean sameStack(Frame o) {
        return used == o.used && (bytes == o.bytes || Arrays.equals(bytes, o.bytes))
                && (spills == o.spills || Arrays.equals(spills, o.spills));
    }

    /** Makes the stack arrays this frame's own before it writes to them. */
    private void ownStack() {
        if (stackShared) {
            bytes = bytes.clone();
            spills = spills.clone();
            stackShared = false;
        }
    }

    private void fill(int from, int to, SlotKind k) {
        ownStack();
        Arrays.fill(bytes, from, to, (byte) k.ordinal());
        used = Math.min(used, from);
    }

    /** The register spilled at the aligned slot holding {@code off}, if the slot holds one. */
    public RegState spill(int off) {
        return spillAtSlot(index(off) / 8);
    }

    /** The slot index (0..63) holding frame offset {@code off}. */
    public static int slotOf(int off) {
        return index(off) / 8;
    }

    /**
     * Records a spill of {@code reg} by a {@code size}-byte store at the start of a slot (the
     * kernel's {@code save_register_state}): the stored bytes become {@link SlotKind#SPILL}; the
     * slot's other bytes keep zero or uninitialised contents and are otherwise plain data.
     */
    public void storeSpill(int off, RegState reg, int size) {
        int i = index(off);
        ownStack();
        for (int b = i + size; b < i + 8; b++) {
            if (bytes[b] == SPILL) {
                bytes[b] = MISC;
            }
        }
        fill(i, i + size, SlotKind.SPILL);
        spills[i / 8] = reg;
    }

    /** How many bytes from the start of {@code slot} the spill there covers (0 if none). */
    public int spillSize(int slot) {
        int n = 0;
        while (n < 8 && bytes[slot * 8 + n] == SPILL) {
            n++;
        }
        return n;
    }

    /**
     * Marks {@code size} bytes at {@code off} as {@code kind}. A slot that held a spill and is
     * partly overwritten loses the spill: its other bytes become plain data.
     */
    public void storeBytes(int off, int size, SlotKind kind) {
        int start = index(off);
        ownStack();
        for (int slot = start / 8; slot <= (start + size - 1) / 8; slot++) {
            if (bytes[slot * 8] == SPILL) {
                fill(slot * 8, slot * 8 + 8, SlotKind.MISC);
                spills[slot] = null;
            }
        }
        fill(start, start + size, kind);
    }

    /** Replaces the register spilled at {@code slot}, which must hold one. */
    void replaceSpill(int slot, RegState reg) {
        if (spills[slot] != reg) {
            ownStack();
            spills[slot] = reg;
        }
    }

    public RegState spillAtSlot(int slot) {
        return bytes[slot * 8] == SPILL ? spills[slot] : null;
    }

    public SlotKind byteAt(int index) {
        return KINDS[bytes[index]];
    }
}
