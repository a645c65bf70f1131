package dev.ebld.loader.verifier.state;

import dev.ebld.insn.AluOp;

/**
 * Arithmetic on {@link Scalar}s, as the kernel's {@code adjust_scalar_min_max_vals}: every
 * result holds every concrete result of the operation on members of the operands. Bounds follow
 * the kernel's rules per operation (add/sub keep bounds unless they may overflow, and/or/xor
 * derive them from the tnum, shifts by a constant shift both); division and modulo give an
 * unknown value, as they do in the kernel. A 32-bit operation works on the operands' low halves
 * and zero-extends its result.
 */
public final class ScalarAlu {
    private ScalarAlu() {
    }

    /** {@code a op b} in 64 bits, or in 32 bits with the result zero-extended. */
    public static Scalar apply(AluOp op, Scalar a, Scalar b, boolean alu64) {
        if (!alu64) {
            Scalar r = apply64(op, a.zext32(), b.zext32(), false);
            return r.zext32();
        }
        return apply64(op, a, b, true);
    }

    private static Scalar apply64(AluOp op, Scalar a, Scalar b, boolean alu64) {
        int bits = alu64 ? 64 : 32;
        return switch (op) {
            case ADD -> add(a, b);
            case SUB -> sub(a, b);
            case MUL -> mul(a, b);
            case AND -> Scalar.ofTnum(a.var().and(b.var()))
                    .withU(a.var().and(b.var()).value(), Scalar.uminOf(a.umax(), b.umax())).sync();
            case OR -> Scalar.ofTnum(a.var().or(b.var()))
                    .withU(Scalar.umaxOf(a.umin(), b.umin()), a.var().or(b.var()).umax()).sync();
            case XOR -> Scalar.ofTnum(a.var().xor(b.var()));
            case LSH -> lsh(a, b, bits);
            case RSH -> rsh(a, b, bits);
            case ARSH -> arsh(a, b, bits);
            case NEG -> sub(Scalar.constant(0), a);
            case MOV -> b;
            case MOVSX8 -> signExtend(b, 8);
            case MOVSX16 -> signExtend(b, 16);
            case MOVSX32 -> signExtend(b, 32);
            case DIV, SDIV, MOD, SMOD, ADDR_SPACE_CAST -> Scalar.UNKNOWN;
        };
    }

    static Scalar add(Scalar a, Scalar b) {
        Tnum t = a.var().add(b.var());
        Scalar r = Scalar.ofTnum(t);
        long smin = a.smin() + b.smin();
        long smax = a.smax() + b.smax();
        boolean sOverflow = ((a.smin() ^ smin) & (b.smin() ^ smin)) < 0
                || ((a.smax() ^ smax) & (b.smax() ^ smax)) < 0;
        if (!sOverflow) {
            r = r.withS(Math.max(r.smin(), smin), Math.min(r.smax(), smax));
        }
        long umin = a.umin() + b.umin();
        long umax = a.umax() + b.umax();
        if (Long.compareUnsigned(umin, a.umin()) >= 0 && Long.compareUnsigned(umax, a.umax()) >= 0) {
            r = r.withU(Scalar.umaxOf(r.umin(), umin), Scalar.uminOf(r.umax(), umax));
        }
        return r.sync();
    }

    static Scalar sub(Scalar a, Scalar b) {
        Tnum t = a.var().sub(b.var());
        Scalar r = Scalar.ofTnum(t);
        long smin = a.smin() - b.smax();
        long smax = a.smax() - b.smin();
        boolean sOverflow = ((a.smin() ^ b.smax()) & (a.smin() ^ smin)) < 0
                || ((a.smax() ^ b.smin()) & (a.smax() ^ smax)) < 0;
        if (!sOverflow) {
            r = r.withS(Math.max(r.smin(), smin), Math.min(r.smax(), smax));
        }
        if (Long.compareUnsigned(a.umin(), b.umax()) >= 0) {
            r = r.withU(Scalar.umaxOf(r.umin(), a.umin() - b.umax()),
                    Scalar.uminOf(r.umax(), a.umax() - b.umin()));
        }
        return r.sync();
    }

    static Scalar mul(Scalar a, Scalar b) {
        Scalar r = Scalar.ofTnum(a.var().mul(b.var()));
        long hi = Math.multiplyHigh(a.umax(), b.umax());
        long prod = a.umax() * b.umax();
        if (a.umax() >= 0 && b.umax() >= 0 && hi == 0 && prod >= 0) {
            r = r.withU(Scalar.umaxOf(r.umin(), a.umin() * b.umin()), Scalar.uminOf(r.umax(), prod));
        }
        return r.sync();
    }

    private static Scalar lsh(Scalar a, Scalar b, int bits) {
        if (!b.isConst() || Long.compareUnsigned(b.constValue(), bits) >= 0) {
            return Scalar.UNKNOWN;
        }
        int s = (int) b.constValue();
        Scalar r = Scalar.ofTnum(a.var().lshift(s));
        if (s == 0 || (a.umax() >>> (64 - s)) == 0) {
            r = r.withU(Scalar.umaxOf(r.umin(), a.umin() << s), Scalar.uminOf(r.umax(), a.umax() << s));
        }
        return r.sync();
    }

    private static Scalar rsh(Scalar a, Scalar b, int bits) {
        if (Long.compareUnsigned(b.umax(), bits) >= 0) {
            return Scalar.UNKNOWN;
        }
        Tnum t = b.isConst() ? a.var().rshift((int) b.constValue())
                : Tnum.range(0, a.umax() >>> b.umin());
        return Scalar.ofTnum(t).withU(a.umin() >>> b.umax(), a.umax() >>> b.umin()).sync();
    }

    private static Scalar arsh(Scalar a, Scalar b, int bits) {
        if (!b.isConst() || Long.compareUnsigned(b.constValue(), bits) >= 0) {
            return Scalar.UNKNOWN;
        }
        int s = (int) b.constValue();
        if (bits == 32) {
            Tnum t = a.var().arshift(s, true);
            return Scalar.ofTnum(t);
        }
        return Scalar.ofTnum(a.var().arshift(s, false)).withS(a.smin() >> s, a.smax() >> s).sync();
    }

    private static Scalar signExtend(Scalar b, int bits) {
        if (b.isConst()) {
            long v = b.constValue();
            return Scalar.constant(bits == 8 ? (byte) v : bits == 16 ? (short) v : (int) v);
        }
        long m = (1L << bits) - 1;
        if (Long.compareUnsigned(b.umax(), m >>> 1) <= 0) {
            return b;
        }
        return Scalar.srange(-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
    }
}
