package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.Alu;
import dev.ebld.insn.AluOp;
import dev.ebld.insn.Endian;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Source;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.ScalarAlu;
import dev.ebld.loader.verifier.state.VState;

/**
 * Arithmetic, byte swaps and 64-bit immediates (the kernel's {@code check_alu_op},
 * {@code adjust_ptr_min_max_vals} and {@code check_ld_imm}): scalar results through
 * {@link ScalarAlu}; pointer arithmetic only where the kernel allows it, keeping the fixed and
 * variable parts of the offset apart.
 */
final class AluCheck {
    private final Session s;

    AluCheck(Session s) {
        this.s = s;
    }

    void alu(VState st, int insn, Alu a) {
        int d = a.dst().number();
        if (d == 10) {
            throw s.fail(RejectionKind.INVALID_INSN, insn, "frame pointer is read only");
        }
        RegState src = a.source() == Source.X ? s.read(st, a.src().number(), insn)
                : RegState.constant(a.alu64() ? a.imm() : a.imm() & 0xffffffffL);
        if (a.op() == AluOp.MOV) {
            mov(st, a, d, src);
            return;
        }
        if (a.op().isMovsx()) {
            requireScalarSrc(insn, a, src);
            st.set(d, RegState.scalar(ScalarAlu.apply(a.op(), Scalar.UNKNOWN, src.val(), a.alu64())));
            return;
        }
        RegState dst = s.read(st, d, insn);
        if (dst.isScalar() && src.isScalar()) {
            st.set(d, RegState.scalar(ScalarAlu.apply(a.op(), dst.val(), src.val(), a.alu64())));
            return;
        }
        pointerAlu(st, insn, a, d, dst, src);
    }

    private void requireScalarSrc(int insn, Alu a, RegState src) {
        if (!src.isScalar() && !s.privileged()) {
            throw s.fail(RejectionKind.POINTER_LEAK, insn, "R" + a.src().number()
                    + " sign-extension part of pointer");
        }
    }

    private void mov(VState st, Alu a, int d, RegState src) {
        if (a.alu64()) {
            if (src.isScalar() && a.source() == Source.X && !src.val().isConst()) {
                int id = src.id() != 0 ? src.id() : s.newId();
                st.set(a.src().number(), src.withId(id));
                src = src.withId(id);
            }
            st.set(d, src);
            return;
        }
        if (!src.isScalar()) {
            if (!s.privileged()) {
                throw s.fail(RejectionKind.POINTER_LEAK, 0, "R" + a.src().number()
                        + " partial copy of pointer");
            }
            st.set(d, RegState.scalar(Scalar.urange(0, 0xffffffffL)));
            return;
        }
        st.set(d, RegState.scalar(src.val().zext32()));
    }

    private void pointerAlu(VState st, int insn, Alu a, int d, RegState dst, RegState src) {
        if (dst.type().isPointer() && src.type().isPointer()) {
            if (a.op() == AluOp.SUB && s.privileged()) {
                st.set(d, RegState.UNKNOWN);
                return;
            }
            throw s.fail(RejectionKind.POINTER_ARITHMETIC, insn, "R" + d + " pointer " + a.op().name().toLowerCase()
                    + " pointer prohibited");
        }
        boolean scalarPlusPtr = dst.isScalar();
        RegState ptr = scalarPlusPtr ? src : dst;
        RegState offReg = scalarPlusPtr ? dst : src;
        if (!a.alu64()) {
            if (a.op() == AluOp.SUB && s.privileged()) {
                st.set(d, RegState.UNKNOWN);
                return;
            }
            throw s.fail(RejectionKind.POINTER_ARITHMETIC, insn, "R" + d + " 32-bit pointer arithmetic prohibited");
        }
        if (ptr.type().maybeNull()) {
            throw s.fail(RejectionKind.POINTER_ARITHMETIC, insn, "R" + d + " pointer arithmetic on "
                    + ptr.type().logName() + " prohibited, null-check it first");
        }
        Scalar off = offReg.val();
        boolean known = off.isConst();
        boolean mapPtrZero = ptr.type() == RegType.MAP_PTR && known && off.constValue() == 0
                && a.op() == AluOp.ADD;
        if (ptr.type() == RegType.MAP_PTR && !mapPtrZero || ptr.type() == RegType.PACKET_END) {
            throw s.fail(RejectionKind.POINTER_ARITHMETIC, insn, "R" + d + " pointer arithmetic on "
                    + ptr.type().logName() + " prohibited");
        }
        checkPointerOp(insn, a, d, ptr, known, scalarPlusPtr);
        checkSaneOffset(insn, ptr, off);
        st.set(d, offsetPointer(ptr, off, a.op() == AluOp.SUB));
    }

    /** Which operators may move a pointer: add, and subtract a scalar (not from a scalar). */
    private void checkPointerOp(int insn, Alu a, int d, RegState ptr, boolean known, boolean scalarPlusPtr) {
        String why = switch (a.op()) {
            case ADD -> null;
            case SUB -> scalarPlusPtr ? " tried to subtract pointer from scalar"
                    : ptr.type() == RegType.STACK && !known ? " subtraction from stack pointer prohibited" : null;
            case AND, OR, XOR -> " bitwise operator " + a.op().operator() + " on pointer prohibited";
            case MUL, DIV, SDIV, LSH, RSH, NEG, MOD, SMOD, MOV, MOVSX8, MOVSX16, MOVSX32, ARSH,
                    ADDR_SPACE_CAST -> " pointer arithmetic with " + a.op().operator() + " operator prohibited";
        };
        if (why != null) {
            throw s.fail(RejectionKind.POINTER_ARITHMETIC, insn, "R" + d + why);
        }
    }

    /** The kernel's {@code check_reg_sane_offset}. */
    private void checkSaneOffset(int insn, RegState ptr, Scalar off) {
        String t = ptr.type().logName();
        if (off.isConst() && (off.constValue() >= MemCheck.MAX_VAR_OFF
                || off.constValue() <= -MemCheck.MAX_VAR_OFF)) {
            throw s.fail(RejectionKind.POINTER_ARITHMETIC, insn, "math between " + t + " pointer and "
                    + off.constValue() + " is not allowed");
        }
        if (off.smin() == Long.MIN_VALUE) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "math between " + t
                    + " pointer and register with unbounded min value is not allowed");
        }
        if (off.smin() >= MemCheck.MAX_VAR_OFF || off.smin() <= -MemCheck.MAX_VAR_OFF) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "value " + off.smin() + " makes " + t
                    + " pointer be out of bounds");
        }
    }

    /** The pointer moved by {@code off}: a known amount moves the fixed part, else the variable. */
    private RegState offsetPointer(RegState ptr, Scalar off, boolean sub) {
        if (off.isConst()) {
            long v = sub ? -off.constValue() : off.constValue();
            return ptr.withOff((int) (ptr.off() + v));
        }
        Scalar var = sub ? ScalarAlu.apply(AluOp.SUB, ptr.val(), off, true) : ScalarAlu.apply(AluOp.ADD, ptr.val(), off, true);
        RegState moved = ptr.withVal(var);
        if (ptr.type().isPacket()) {
            moved = moved.withId(s.newId()).withRange(0);
        }
        return moved;
    }

    void endian(VState st, int insn, Endian e) {
        RegState v = s.read(st, e.dst().number(), insn);
        if (!v.isScalar() && !s.privileged()) {
            throw s.fail(RejectionKind.POINTER_LEAK, insn, "R" + e.dst().number()
                    + " pointer arithmetic prohibited");
        }
        Scalar r = e.swap() == Endian.Swap.TO_LE && e.bits() == 64 && v.isScalar() ? v.val()
                : MemCheck.loadRange(e.bits() / 8, false);
        st.set(e.dst().number(), RegState.scalar(r));
    }

    void ldImm64(VState st, int insn, LdImm64 l) {
        int d = l.dst().number();
        switch (l.src()) {
            case IMM64 -> st.set(d, RegState.constant(l.imm()));
            case MAP_FD, MAP_VALUE -> {
                int fd = (int) l.imm();
                MapFacts m = s.request.env().map(fd).orElseThrow(() -> s.fail(RejectionKind.INVALID_INSN,
                        insn, "fd " + fd + " is not pointing to valid bpf_map"));
                if (l.src() == dev.ebld.insn.PseudoSrc.MAP_FD) {
                    st.set(d, RegState.mapPtr(m));
                } else {
                    int off = (int) (l.imm() >>> 32);
                    if (off >= m.valueSize()) {
                        throw s.fail(RejectionKind.INVALID_INSN, insn, "invalid access to map value pointer, value_size="
                                + m.valueSize() + " off=" + off);
                    }
                    st.set(d, RegState.pointer(RegType.MAP_VALUE, off).withMap(m));
                }
            }
            case FUNC -> st.set(d, new RegState(RegType.FUNC, Scalar.constant(0), 0, 0, 0, 0, null, 0,
                    insn + (int) l.imm() + 1));
            case BTF_ID, MAP_IDX, MAP_IDX_VALUE -> throw s.fail(RejectionKind.UNSUPPORTED, insn,
                    "ld_imm64 with pseudo source " + l.src() + " is not supported by the safety verifier");
        }
    }
}
