package dev.ebld.loader.verifier.state;

/**
 * What the verifier knows of a 64-bit value: a {@link Tnum} plus signed and unsigned bounds of the
 * whole value and of its low 32 bits, the kernel's {@code var_off}, {@code smin/smax/umin/umax}
 * and their {@code s32/u32} twins. The 32-bit bounds are kept as longs ({@code u32} in
 * [0, 2^32), {@code s32} in [-2^31, 2^31)). {@link #sync()} mirrors the kernel's
 * {@code reg_bounds_sync}: each view tightens the others until they agree. A scalar whose
 * bounds cross ({@link #empty()}) describes no value: the path holding it cannot happen.
 */
public record Scalar(Tnum var, long smin, long smax, long umin, long umax,
        long s32min, long s32max, long u32min, long u32max) {

    static final long LOW32 = 0xffffffffL;

    public static final Scalar UNKNOWN = new Scalar(Tnum.UNKNOWN, Long.MIN_VALUE, Long.MAX_VALUE,
            0, -1L, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, LOW32);

    public static Scalar constant(long v) {
        return new Scalar(Tnum.constant(v), v, v, v, v, (int) v, (int) v, v & LOW32, v & LOW32);
    }

    /** Any value in the unsigned range [min, max]. */
    public static Scalar urange(long min, long max) {
        return new Scalar(Tnum.UNKNOWN, Long.MIN_VALUE, Long.MAX_VALUE, min, max,
                Integer.MIN_VALUE, Integer.MAX_VALUE, 0, LOW32).sync();
    }

    /** Any value in the signed range [min, max]. */
    public static Scalar srange(long min, long max) {
        return new Scalar(Tnum.UNKNOWN, min, max, 0, -1L,
                Integer.MIN_VALUE, Integer.MAX_VALUE, 0, LOW32).sync();
    }

    public static Scalar ofTnum(Tnum t) {
        return new Scalar(t, UNKNOWN.smin, UNKNOWN.smax, 0, -1L,
                UNKNOWN.s32min, UNKNOWN.s32max, 0, LOW32).sync();
    }

    public boolean isConst() {
        return var.isConst();
    }

    public long constValue() {
        return var.value();
    }

    public boolean isConst32() {
        return var.subreg().isConst();
    }

    /** Bounds that no value satisfies. */
    public boolean empty() {
        return smin > smax || Long.compareUnsigned(umin, umax) > 0 || s32min > s32max
                || u32min > u32max;
    }

    /** The value's low 32 bits, zero-extended: what a 32-bit ALU result or a w-register holds. */
    public Scalar zext32() {
        return new Scalar(var.subreg(), u32min, u32max, u32min, u32max, s32min, s32max,
                u32min, u32max).sync();
    }

    /** This value truncated to its low {@code bytes} bytes, zero-extended (a narrow load). */
    public Scalar truncate(int bytes) {
        if (bytes >= 8) {
            return this;
        }
        long m = (1L << (8 * bytes)) - 1;
        if (Long.compareUnsigned(umax, m) <= 0) {
            return this;
        }
        return ofTnum(new Tnum(var.value() & m, var.mask() & m));
    }

    /** Whether every value of {@code o} is a value of this scalar (pruning's range_within + tnum_in). */
    public boolean contains(Scalar o) {
        return smin <= o.smin && o.smax <= smax
                && Long.compareUnsigned(umin, o.umin) <= 0 && Long.compareUnsigned(o.umax, umax) <= 0
                && s32min <= o.s32min && o.s32max <= s32max
                && u32min <= o.u32min && o.u32max <= u32max
                && var.contains(o.var);
    }

    /** Both scalars' common values (a {@code ==} branch). */
    public Scalar meet(Scalar o) {
        return new Scalar(var.intersect(o.var), Math.max(smin, o.smin), Math.min(smax, o.smax),
                umaxOf(umin, o.umin), uminOf(umax, o.umax), Math.max(s32min, o.s32min),
                Math.min(s32max, o.s32max), Math.max(u32min, o.u32min), Math.min(u32max, o.u32max))
                .sync();
    }

    public Scalar withU(long newUmin, long newUmax) {
        return new Scalar(var, smin, smax, newUmin, newUmax, s32min, s32max, u32min, u32max);
    }

    public Scalar withS(long newSmin, long newSmax) {
        return new Scalar(var, newSmin, newSmax, umin, umax, s32min, s32max, u32min, u32max);
    }

    public Scalar withU32(long min, long max) {
        return new Scalar(var, smin, smax, umin, umax, s32min, s32max, min, max);
    }

    public Scalar withS32(long min, long max) {
        return new Scalar(var, smin, smax, umin, umax, min, max, u32min, u32max);
    }

    public Scalar withVar(Tnum t) {
        return new Scalar(t, smin, smax, umin, umax, s32min, s32max, u32min, u32max);
    }

    static long uminOf(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    static long umaxOf(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** Tightens every view from the others, as the kernel's {@code reg_bounds_sync} does. */
    public Scalar sync() {
        if (var.isConst()) {
            // A known value decides every view; only bounds that exclude it (an empty scalar)
            // have to survive as they are.
            Scalar c = constant(var.value());
            return contains(c) ? c : fromTnum();
        }
        Scalar s = this;
        for (int i = 0; i < 2 && !s.empty(); i++) {
            Scalar n = s.fromTnum().deduce32().deduce64().toTnum();
            if (n.sameAs(s)) {
                return n;
            }
            s = n;
        }
        return s;
    }

    /** {@link #equals} on the bare fields (sync runs after every ALU op; no record equals). */
    private boolean sameAs(Scalar o) {
        return var.value() == o.var.value() && var.mask() == o.var.mask() && smin == o.smin
                && smax == o.smax && umin == o.umin && umax == o.umax && s32min == o.s32min
                && s32max == o.s32max && u32min == o.u32min && u32max == o.u32max;
    }

    /** Bounds implied by the known bits ({@code __update_reg_bounds}). */
    private Scalar fromTnum() {
        Tnum t = var;
        Tnum t32 = var.subreg();
        long sgn = Long.MIN_VALUE;
        return new Scalar(t,
                Math.max(smin, t.value() | (t.mask() & sgn)),
                Math.min(smax, t.value() | (t.mask() & ~sgn)),
                umaxOf(umin, t.value()), uminOf(umax, t.value() | t.mask()),
                Math.max(s32min, (int) (t32.value() | (t32.mask() & 0x80000000L))),
                Math.min(s32max, (int) (t32.value() | (t32.mask() & 0x7fffffffL))),
                Math.max(u32min, t32.value()), Math.min(u32max, t32.value() | t32.mask()));
    }

    /** 32-bit bounds from the 64-bit ones where the upper halves agree, then signed/unsigned. */
    private Scalar deduce32() {
        long nu32min = u32min, nu32max = u32max, ns32min = s32min, ns32max = s32max;
        if ((umin >>> 32) == (umax >>> 32)) {
            nu32min = Math.max(nu32min, umin & LOW32);
            nu32max = Math.min(nu32max, umax & LOW32);
            if ((int) umin <= (int) umax) {
                ns32min = Math.max(ns32min, (int) umin);
                ns32max = Math.min(ns32max, (int) umax);
            }
        }
        if ((smin >> 32) == (smax >> 32)) {
            if ((int) smin <= (int) smax) {
                ns32min = Math.max(ns32min, (int) smin);
                ns32max = Math.min(ns32max, (int) smax);
            }
            if ((smin & LOW32) <= (smax & LOW32)) {
                nu32min = Math.max(nu32min, smin & LOW32);
                nu32max = Math.min(nu32max, smax & LOW32);
            }
        }
        if (ns32min >= 0 || ns32max < 0) {
            nu32min = Math.max(nu32min, ns32min & LOW32);
            nu32max = Math.min(nu32max, ns32max & LOW32);
        }
        if ((int) nu32min <= (int) nu32max) {
            ns32min = Math.max(ns32min, (int) nu32min);
            ns32max = Math.min(ns32max, (int) nu32max);
        }
        return new Scalar(var, smin, smax, umin, umax, ns32min, ns32max, nu32min, nu32max);
    }

    /** 64-bit bounds from the 32-bit ones when the upper half is fixed, then signed/unsigned. */
    private Scalar deduce64() {
        long nsmin = smin, nsmax = smax, numin = umin, numax = umax;
        if ((numin >>> 32) == (numax >>> 32) && u32min <= u32max) {
            long hi = numin & ~LOW32;
            numin = umaxOf(numin, hi | u32min);
            numax = uminOf(numax, hi | u32max);
        }
        if (nsmin >= 0 || nsmax < 0) {
            numin = umaxOf(numin, nsmin);
            numax = uminOf(numax, nsmax);
        }
        if ((numin ^ numax) >= 0) {
            nsmin = Math.max(nsmin, numin);
            nsmax = Math.min(nsmax, numax);
        }
        return new Scalar(var, nsmin, nsmax, numin, numax, s32min, s32max, u32min, u32max);
    }

    /** Known bits implied by the unsigned bounds ({@code __reg_bound_offset}). */
    private Scalar toTnum() {
        if (empty()) {
            return this;
        }
        Tnum t = var.intersect(Tnum.range(umin, umax));
        Tnum low = t.subreg().intersect(Tnum.range(u32min, u32max));
        return withVar(t.withSubreg(low));
    }

    /** The kernel's log form: a constant, or the bounds that say something. */
    @Override
    public String toString() {
        if (isConst()) {
            return Long.toString(var.value());
        }
        StringBuilder b = new StringBuilder();
        if (smin != Long.MIN_VALUE) {
            b.append("smin=").append(smin).append(',');
        }
        if (smax != Long.MAX_VALUE) {
            b.append("smax=").append(smax).append(',');
        }
        if (umin != 0) {
            b.append("umin=").append(Long.toUnsignedString(umin)).append(',');
        }
        if (umax != -1L) {
            b.append("umax=").append(Long.toUnsignedString(umax)).append(',');
        }
        if (!var.equals(Tnum.UNKNOWN)) {
            b.append("var_off=").append(var).append(',');
        }
        return b.length() == 0 ? "" : b.substring(0, b.length() - 1);
    }
}
