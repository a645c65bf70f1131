package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.SlotKind;
import dev.ebld.loader.verifier.state.VState;

/**
 * Loads and stores through a stack pointer (the kernel's {@code check_stack_write_fixed_off},
 * {@code check_stack_read_fixed_off} and their variable-offset forms, and
 * {@code check_stack_range_initialized} for helper memory). A register stored at the start of a
 * slot is remembered as a spill: whole for pointers (which may only be spilled 8 bytes at a
 * time), and for scalars also when the store is narrower (privileged only), so a load of the
 * same bytes gets the value back. Everything else is tracked per byte as zero, data or
 * uninitialised.
 */
final class StackAccess {
    private final Session s;

    StackAccess(Session s) {
        this.s = s;
    }

    /** A load or store of {@code size} bytes at {@code off} from stack pointer {@code p}. */
    RegState access(VState st, int insn, int regno, RegState p, int off, int size, boolean write,
            RegState value, boolean signExtend) {
        Frame f = st.frames.get(p.frame());
        String dir = write ? " write to" : " read from";
        if (!p.val().isConst()) {
            return varAccess(st, insn, regno, p, f, off, size, write, dir);
        }
        int at = off + (int) p.val().constValue();
        if (at < -Frame.STACK_SIZE || at + size > 0) {
            throw s.fail(RejectionKind.STACK_OUT_OF_RANGE, insn, "invalid" + dir + " stack R" + regno
                    + " off=" + off + " size=" + size);
        }
        boolean ownFrame = p.frame() == st.cur().frameNo;
        if (ownFrame) {
            s.touchStack(st, at);
        }
        if (write) {
            store(insn, f, ownFrame, at, size, value);
            return null;
        }
        return fill(insn, f, at, size, signExtend);
    }

    private RegState varAccess(VState st, int insn, int regno, RegState p, Frame f, int off,
            int size, boolean write, String dir) {
        Scalar v = p.val();
        if (v.smax() >= MemCheck.MAX_VAR_OFF || v.smin() <= -MemCheck.MAX_VAR_OFF) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "invalid unbounded variable-offset"
                    + dir + " stack R" + regno);
        }
        long min = v.smin() + off;
        long max = v.smax() + off + size;
        if (min < -Frame.STACK_SIZE || max > 0 || !s.privileged()) {
            throw s.fail(RejectionKind.STACK_OUT_OF_RANGE, insn, "invalid variable-offset" + dir
                    + " stack R" + regno + " var_off=" + v.var() + " off=" + off + " size=" + size);
        }
        if (p.frame() == st.cur().frameNo) {
            s.touchStack(st, (int) min);
        }
        if (write) {
            f.storeBytes((int) min, (int) (max - min), SlotKind.MISC);
            return null;
        }
        return RegState.scalar(MemCheck.loadRange(size, false));
    }

    /** A store of {@code value} (null: unknown bytes) into frame {@code f}. */
    private void store(int insn, Frame f, boolean ownFrame, int at, int size, RegState value) {
        RegState old = f.spill(at);
        if (!s.privileged() && old != null && !old.isScalar() && size != 8) {
            throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn, "attempt to corrupt spilled pointer on stack");
        }
        boolean slotStart = (at & 7) == 0;
        if (value != null && value.type().isPointer()) {
            if (size != 8) {
                throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn, "invalid size of register spill");
            }
            if (!ownFrame && value.type() == dev.ebld.loader.verifier.state.RegType.STACK) {
                throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn,
                        "cannot spill pointers to stack into stack frame of the caller");
            }
            f.storeSpill(at, value, 8);
        } else if (value != null && slotStart && s.privileged()) {
            // A narrowing spill breaks the value's link to its copies, as the kernel does.
            boolean fits = size == 8 || Long.compareUnsigned(value.val().umax(), (1L << (8 * size)) - 1) <= 0;
            f.storeSpill(at, fits ? value : value.withId(0), size);
        } else if (value != null && value.isConstScalar() && value.val().constValue() == 0) {
            f.storeBytes(at, size, SlotKind.ZERO);
        } else {
            f.storeBytes(at, size, SlotKind.MISC);
        }
    }

    /**
     * A load of {@code size} bytes at {@code at}: a whole spill comes back as it was; a narrower
     * load from the start of a scalar spill gets its low bytes; otherwise per byte, zero if all
     * bytes are, else an unknown value of the load's width.
     */
    RegState fill(int insn, Frame f, int at, int size, boolean signExtend) {
        int slot = Frame.slotOf(at);
        RegState spilled = f.spillAtSlot(slot);
        if (spilled != null) {
            int spillSize = f.spillSize(slot);
            if (size == 8 && spillSize == 8) {
                return spilled;
            }
            if (!spilled.isScalar()) {
                throw s.fail(RejectionKind.UNINIT_STACK, insn, "invalid size of register fill");
            }
            if (size <= spillSize && (at & 7) == 0) {
                return narrowFill(spilled, size, signExtend);
            }
        }
        boolean allZero = true;
        boolean allSpill = true;
        for (int i = 0; i < size; i++) {
            SlotKind k = f.byteKind(at + i);
            if (k == SlotKind.INVALID && !s.privileged()) {
                throw s.fail(RejectionKind.UNINIT_STACK, insn, "invalid read from stack off " + at
                        + "+" + i + " size " + size);
            }
            allZero &= k == SlotKind.ZERO;
            allSpill &= k == SlotKind.SPILL;
        }
        boolean spilledZero = allSpill && spilled != null && spilled.isConstScalar() && spilled.val().constValue() == 0;
        return allZero || spilledZero ? RegState.constant(0)
                : RegState.scalar(MemCheck.loadRange(size, signExtend));
    }

    /**
     * The kernel's {@code get_constant_map_key}: the value of a {@code keySize}-byte key at
     * {@code at} if the stack holds it precisely (zero bytes, or a scalar constant spilled by a
     * store of exactly the key's size), else empty.
     */
    static java.util.OptionalLong constantKey(Frame f, int at, int keySize) {
        int slotEnd = (at & ~7) + 8;
        int zeros = 0;
        int spilledBytes = 0;
        for (int b = at; b < slotEnd && f.byteKind(b) == SlotKind.ZERO; b++) {
            zeros++;
        }
        for (int b = at; b < slotEnd && f.byteKind(b) == SlotKind.SPILL; b++) {
            spilledBytes++;
        }
        if (zeros >= keySize) {
            return java.util.OptionalLong.of(0);
        }
        RegState spilled = f.spill(at);
        if (spilled == null || !spilled.isConstScalar() || spilledBytes != keySize) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(spilled.val().constValue());
    }

    /** The low {@code size} bytes of a spilled scalar, as the load's width extends them. */
    private static RegState narrowFill(RegState spilled, int size, boolean signExtend) {
        Scalar v = spilled.val();
        int bits = size * 8;
        if (!signExtend) {
            Scalar t = v.truncate(size);
            return t == v ? spilled : RegState.scalar(t);
        }
        long half = 1L << (bits - 1);
        if (v.smin() >= -half && v.smax() < half) {
            return spilled;
        }
        return RegState.scalar(v.isConst() ? Scalar.constant((v.constValue() << (64 - bits)) >> (64 - bits))
                : MemCheck.loadRange(size, true));
    }

    /**
     * Checks {@code n} bytes of stack a helper reads (or writes, for {@code write}) at
     * {@code p}; a write leaves them plain data.
     */
    void range(VState st, int insn, int regno, RegState p, int n, boolean write) {
        if (!p.val().isConst()) {
            varAccess(st, insn, regno, p, st.frames.get(p.frame()), p.off(), n, write, " indirect access to");
            return;
        }
        int at = p.off() + (int) p.val().constValue();
        Frame f = st.frames.get(p.frame());
        if (at < -Frame.STACK_SIZE || at + n > 0) {
            throw s.fail(RejectionKind.STACK_OUT_OF_RANGE, insn, "invalid indirect access to stack R"
                    + regno + " off=" + at + " size=" + n);
        }
        if (p.frame() == st.cur().frameNo) {
            s.touchStack(st, at);
        }
        if (write) {
            f.storeBytes(at, n, SlotKind.MISC);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (f.byteKind(at + i) == SlotKind.INVALID && !s.privileged()) {
                throw s.fail(RejectionKind.UNINIT_STACK, insn, "invalid indirect read from stack R"
                        + regno + " off " + at + "+" + i + " size " + n);
            }
        }
    }
}
