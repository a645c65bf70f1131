package dev.ebld.loader.verifier.state;

/**
 * A tristate number: each bit is known 0, known 1 or unknown. {@code mask} has a 1 for every
 * unknown bit; {@code value} holds the known bits and is 0 where the mask is 1. Mirrors the
 * kernel's {@code struct tnum} (kernel/bpf/tnum.c); the operations are sound over-approximations
 * of the concrete operation on every pair of members.
 */
public record Tnum(long value, long mask) {

    public static final Tnum UNKNOWN = new Tnum(0, -1L);
    private static final long LOW32 = 0xffffffffL;

    public Tnum {
        value &= ~mask;
    }

    public static Tnum constant(long v) {
        return new Tnum(v, 0);
    }

    /** The smallest tnum holding every value in the unsigned range [min, max]. */
    public static Tnum range(long min, long max) {
        long chi = min ^ max;
        int bits = 64 - Long.numberOfLeadingZeros(chi);
        if (bits > 63) {
            return UNKNOWN;
        }
        long delta = (1L << bits) - 1;
        return new Tnum(min & ~delta, delta);
    }

    public boolean isConst() {
        return mask == 0;
    }

    /** The largest member, unsigned. */
    public long umax() {
        return value | mask;
    }

    public Tnum add(Tnum b) {
        long sm = mask + b.mask;
        long sv = value + b.value;
        long chi = (sm + sv) ^ sv;
        long mu = chi | mask | b.mask;
        return new Tnum(sv & ~mu, mu);
    }

    public Tnum sub(Tnum b) {
        long dv = value - b.value;
        long chi = (dv + mask) ^ (dv - b.mask);
        long mu = chi | mask | b.mask;
        return new Tnum(dv & ~mu, mu);
    }

    public Tnum and(Tnum b) {
        long alpha = value | mask;
        long beta = b.value | b.mask;
        long v = value & b.value;
        return new Tnum(v, alpha & beta & ~v);
    }

    public Tnum or(Tnum b) {
        long v = value | b.value;
        return new Tnum(v, (mask | b.mask) & ~v);
    }

    public Tnum xor(Tnum b) {
        long mu = mask | b.mask;
        return new Tnum((value ^ b.value) & ~mu, mu);
    }

    /**
     * Long multiplication over known and unknown bits: each set multiplier bit adds the shifted
     * multiplicand's unknown part, each unknown multiplier bit adds all its possibly-set bits.
     */
    public Tnum mul(Tnum b) {
        // The kernel's tnum_mul, on bare longs: acc is the accumulated (0; accM) tnum, bv/bm the
        // multiplicand shifted left once per multiplier bit, av/am the multiplier shifted right.
        long av = value;
        long am = mask;
        long bv = b.value;
        long bm = b.mask;
        long accM = 0;
        while (av != 0 || am != 0) {
            if ((av & 1) != 0) {
                accM = addMasks(accM, bm);
            } else if ((am & 1) != 0) {
                accM = addMasks(accM, bv | bm);
            }
            av >>>= 1;
            am >>>= 1;
            bv <<= 1;
            bm <<= 1;
        }
        return constant(value * b.value).add(new Tnum(0, accM));
    }

    /** The mask of {@code (0; a) + (0; b)}: its value part is always 0. */
    private static long addMasks(long a, long b) {
        return (a + b) | a | b;
    }

    public Tnum lshift(int s) {
        return new Tnum(value << s, mask << s);
    }

    public Tnum rshift(int s) {
        return new Tnum(value >>> s, mask >>> s);
    }

    /** Arithmetic shift right of the 64-bit value, or of the low 32 bits (zero-extended after). */
    public Tnum arshift(int s, boolean bits32) {
        if (bits32) {
            return new Tnum(((int) value >> s) & LOW32, ((int) mask >> s) & LOW32);
        }
        return new Tnum(value >> s, mask >> s);
    }

    public Tnum intersect(Tnum b) {
        long v = value | b.value;
        long mu = mask & b.mask;
        return new Tnum(v & ~mu, mu);
    }

    /** The low 32 bits, zero-extended. */
    public Tnum subreg() {
        return new Tnum(value & LOW32, mask & LOW32);
    }

    /** This tnum with its low 32 bits replaced by {@code low}'s. */
    public Tnum withSubreg(Tnum low) {
        return new Tnum((value & ~LOW32) | (low.value & LOW32), (mask & ~LOW32) | (low.mask & LOW32));
    }

    /** Whether every member of {@code b} is a member of this tnum. */
    public boolean contains(Tnum b) {
        if ((b.mask & ~mask) != 0) {
            return false;
        }
        return value == (b.value & ~mask);
    }

    /** The kernel's {@code tnum_strn} form: {@code (0x0; 0xff)}. */
    @Override
    public String toString() {
        return "(0x" + Long.toHexString(value) + "; 0x" + Long.toHexString(mask) + ")";
    }
}
