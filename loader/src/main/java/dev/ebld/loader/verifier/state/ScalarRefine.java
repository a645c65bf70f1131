package dev.ebld.loader.verifier.state;

import dev.ebld.insn.JumpOp;

/**
 * Narrowing two scalars to the values for which a comparison holds (the kernel's
 * {@code regs_refine_cond_op}), on the 64-bit values or, for JMP32, on their low halves.
 */
public final class ScalarRefine {
    private ScalarRefine() {
    }

    /**
     * {a', b'} with a' ⊆ a and b' ⊆ b holding every pair for which {@code a op b}; null if no
     * pair does. {@code jsetTrue} selects "some common bit" for JSET, else "no common bit".
     */
    public static Scalar[] refine(JumpOp op, Scalar a, Scalar b, boolean jmp32, boolean jsetTrue) {
        Scalar[] r = switch (op) {
            case JEQ -> jmp32 ? eq32(a, b) : new Scalar[] {a.meet(b), a.meet(b)};
            case JNE -> new Scalar[] {notEq(a, b, jmp32), notEq(b, a, jmp32)};
            case JSET -> jset(a, b, jsetTrue);
            case JLE -> le(a, b, jmp32, false, 0);
            case JLT -> le(a, b, jmp32, false, 1);
            case JGE -> swap(le(b, a, jmp32, false, 0));
            case JGT -> swap(le(b, a, jmp32, false, 1));
            case JSLE -> le(a, b, jmp32, true, 0);
            case JSLT -> le(a, b, jmp32, true, 1);
            case JSGE -> swap(le(b, a, jmp32, true, 0));
            case JSGT -> swap(le(b, a, jmp32, true, 1));
        };
        if (r == null) {
            return null;
        }
        return new Scalar[] {r[0].sync(), r[1].sync()};
    }

    private static Scalar[] swap(Scalar[] r) {
        return r == null ? null : new Scalar[] {r[1], r[0]};
    }

    private static Scalar[] eq32(Scalar a, Scalar b) {
        Tnum low = a.var().subreg().intersect(b.var().subreg());
        Scalar x = a.withVar(a.var().withSubreg(low))
                .withU32(Math.max(a.u32min(), b.u32min()), Math.min(a.u32max(), b.u32max()))
                .withS32(Math.max(a.s32min(), b.s32min()), Math.min(a.s32max(), b.s32max()));
        Scalar y = b.withVar(b.var().withSubreg(low)).withU32(x.u32min(), x.u32max())
                .withS32(x.s32min(), x.s32max());
        return new Scalar[] {x, y};
    }

    /** a != b: only a constant b at one end of a's range narrows it. */
    private static Scalar notEq(Scalar a, Scalar b, boolean jmp32) {
        if (jmp32) {
            if (!b.isConst32()) {
                return a;
            }
            long v = b.var().value() & 0xffffffffL;
            long u32min = a.u32min() == v ? v + 1 : a.u32min();
            long u32max = a.u32max() == v ? v - 1 : a.u32max();
            long s = (int) v;
            long s32min = a.s32min() == s ? s + 1 : a.s32min();
            long s32max = a.s32max() == s ? s - 1 : a.s32max();
            return a.withU32(u32min, u32max).withS32(s32min, s32max);
        }
        if (!b.isConst()) {
            return a;
        }
        long v = b.constValue();
        long umin = a.umin() == v ? v + 1 : a.umin();
        long umax = a.umax() == v ? v - 1 : a.umax();
        if (a.umin() == v && v == -1L || a.umax() == v && v == 0) {
            return a.withU(1, 0);
        }
        long smin = a.smin() == v && v != Long.MAX_VALUE ? v + 1 : a.smin();
        long smax = a.smax() == v && v != Long.MIN_VALUE ? v - 1 : a.smax();
        return a.withU(umin, umax).withS(smin, smax);
    }

    private static Scalar[] jset(Scalar a, Scalar b, boolean isTrue) {
        if (!b.isConst()) {
            return new Scalar[] {a, b};
        }
        long v = b.constValue();
        if (isTrue) {
            if (Long.bitCount(v) == 1) {
                return new Scalar[] {a.withVar(a.var().or(Tnum.constant(v))), b};
            }
            return new Scalar[] {a, b};
        }
        return new Scalar[] {a.withVar(a.var().and(Tnum.constant(~v))), b};
    }

    /** a <= b - strict (unsigned or signed, 64 or 32 bits). */
    private static Scalar[] le(Scalar a, Scalar b, boolean jmp32, boolean signed, int strict) {
        if (jmp32) {
            if (signed) {
                long amax = Math.min(a.s32max(), b.s32max() - strict);
                long bmin = Math.max(b.s32min(), a.s32min() + strict);
                return new Scalar[] {a.withS32(a.s32min(), amax), b.withS32(bmin, b.s32max())};
            }
            long amax = Math.min(a.u32max(), b.u32max() - strict);
            long bmin = Math.max(b.u32min(), a.u32min() + strict);
            return new Scalar[] {a.withU32(a.u32min(), amax), b.withU32(bmin, b.u32max())};
        }
        if (signed) {
            if (strict == 1 && (b.smax() == Long.MIN_VALUE || a.smin() == Long.MAX_VALUE)) {
                return null;
            }
            long amax = Math.min(a.smax(), b.smax() - strict);
            long bmin = Math.max(b.smin(), a.smin() + strict);
            return new Scalar[] {a.withS(a.smin(), amax), b.withS(bmin, b.smax())};
        }
        if (strict == 1 && (b.umax() == 0 || a.umin() == -1L)) {
            return null;
        }
        long amax = Scalar.uminOf(a.umax(), b.umax() - strict);
        long bmin = Scalar.umaxOf(b.umin(), a.umin() + strict);
        return new Scalar[] {a.withU(a.umin(), amax), b.withU(bmin, b.umax())};
    }
}
