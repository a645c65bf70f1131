package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.VState;
import java.util.Optional;

/**
 * Loads and stores through a pointer register, as the kernel's {@code check_mem_access}: the
 * pointer's type decides the rule (context fields per program type, the stack with spill/fill
 * tracking, map values and helper memory within their size, packet bytes within the range a
 * comparison proved), and a load yields the value the kernel would know.
 */
final class MemCheck {
    /** The kernel's {@code BPF_MAX_VAR_OFF}: variable offsets must stay below 2^29. */
    static final long MAX_VAR_OFF = 1L << 29;

    private final Session s;
    private final StackAccess stack;

    MemCheck(Session s) {
        this.s = s;
        this.stack = new StackAccess(s);
    }

    /**
     * Checks a {@code size}-byte access at {@code off} from register {@code regno}. For a write,
     * {@code value} is what is stored (null when unknown bytes are stored); for a read, returns
     * the loaded value.
     */
    RegState access(VState st, int insn, int regno, int off, int size, boolean write,
            RegState value, boolean signExtend) {
        RegState p = s.read(st, regno, insn);
        if (write && value != null && value.type().isPointer() && !s.privileged()
                && p.type() != RegType.STACK) {
            throw s.fail(RejectionKind.POINTER_LEAK, insn, "R" + regno + " leaks addr into "
                    + (p.type() == RegType.MAP_VALUE ? "map" : p.type().logName()));
        }
        if (p.type().isPointer()) {
            Alignment.check(s, insn, p, off, size, false);
        }
        int total = off + p.off();
        RegState scalarResult = RegState.scalar(loadRange(size, signExtend));
        return switch (p.type()) {
            case CTX -> ctx(insn, regno, p, total, size, write, value);
            case STACK -> stack.access(st, insn, regno, p, total, size, write, value, signExtend);
            case MAP_VALUE -> {
                region(insn, regno, p, total, size, p.map().valueSize(), "map value");
                if (write && p.map().frozenReadOnly()) {
                    throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn, "write into map forbidden, value_size="
                            + p.map().valueSize() + " off=" + total + " size=" + size);
                }
                yield write ? null : frozenLoad(p, total, size).orElse(scalarResult);
            }
            case MEM, RINGBUF_MEM, MAP_KEY -> {
                region(insn, regno, p, total, size, p.memSize(), "memory");
                yield scalarResult;
            }
            case PACKET, PACKET_META -> {
                packet(insn, regno, p, total, size, write);
                yield scalarResult;
            }
            case SCALAR, NOT_INIT, MAP_PTR, MAP_VALUE_OR_NULL, PACKET_END, MEM_OR_NULL,
                    RINGBUF_MEM_OR_NULL, FUNC -> throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn,
                    "R" + regno + " invalid mem access '" + p.type().logName() + "'");
        };
    }

    static Scalar loadRange(int size, boolean signExtend) {
        if (size >= 8) {
            return Scalar.UNKNOWN;
        }
        return (signExtend ? SIGNED_LOADS : UNSIGNED_LOADS)[size];
    }

    /** {@link #loadRange} by access size 1, 2 and 4, built once: a load is the commonest insn. */
    private static final Scalar[] UNSIGNED_LOADS = new Scalar[8];
    private static final Scalar[] SIGNED_LOADS = new Scalar[8];

    static {
        for (int size = 1; size < 8; size++) {
            int bits = size * 8;
            UNSIGNED_LOADS[size] = Scalar.urange(0, (1L << bits) - 1);
            SIGNED_LOADS[size] = Scalar.srange(-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
        }
    }

    private RegState ctx(int insn, int regno, RegState p, int off, int size, boolean write,
            RegState value) {
        if (p.off() != 0) {
            throw s.fail(RejectionKind.BAD_CTX_ACCESS, insn, "dereference of modified ctx ptr R"
                    + regno + " off=" + p.off() + " disallowed");
        }
        if (!p.val().isConst()) {
            throw s.fail(RejectionKind.BAD_CTX_ACCESS, insn, "variable ctx access var_off="
                    + p.val().var() + " disallowed");
        }
        Optional<RegType> t = s.ctx.access(off, size, write);
        if (t.isEmpty()) {
            throw s.fail(RejectionKind.BAD_CTX_ACCESS, insn, "invalid bpf_context access off=" + off
                    + " size=" + size);
        }
        if (write) {
            return null;
        }
        return t.get() == RegType.SCALAR ? RegState.scalar(loadRange(size, false))
                : RegState.pointer(t.get(), 0).withId(0);
    }

    /** The kernel's {@code check_mem_region_access}: both ends of a variable offset must fit. */
    void region(int insn, int regno, RegState p, int off, int size, int memSize, String what) {
        Scalar v = p.val();
        if (v.smin() < 0 && (v.smin() == Long.MIN_VALUE || off + v.smin() != (int) (off + v.smin())
                || v.smin() + off < 0)) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "R" + regno
                    + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        long lo = v.smin() + off;
        if (lo < 0 || lo + size > memSize) {
            s.log.line(sizeMessage(what, memSize, lo, size));
            throw s.fail(RejectionKind.MEM_OUT_OF_RANGE, insn, "R" + regno
                    + " min value is outside of the allowed memory range");
        }
        if (Long.compareUnsigned(v.umax(), MAX_VAR_OFF) >= 0) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "R" + regno
                    + " unbounded memory access, make sure to bounds check any such access");
        }
        long hi = v.umax() + off;
        if (hi + size > memSize) {
            s.log.line(sizeMessage(what, memSize, hi, size));
            throw s.fail(RejectionKind.MEM_OUT_OF_RANGE, insn, "R" + regno
                    + " max value is outside of the allowed memory range");
        }
    }

    private static String sizeMessage(String what, int memSize, long off, int size) {
        return what.equals("map value")
                ? "invalid access to map value, value_size=" + memSize + " off=" + off + " size=" + size
                : "invalid access to memory, mem_size=" + memSize + " off=" + off + " size=" + size;
    }

    private void packet(int insn, int regno, RegState p, int off, int size, boolean write) {
        if (write && !s.ctx.packetWritable()) {
            throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn, "cannot write into packet");
        }
        if (p.val().smin() < 0) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "R" + regno
                    + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        if (off < 0 || off + size > p.range()) {
            s.log.line("invalid access to packet, off=" + off + " size=" + size + ", R" + regno
                    + "(id=" + p.id() + ",off=" + p.off() + ",r=" + p.range() + ")");
            throw s.fail(RejectionKind.PACKET_OUT_OF_RANGE, insn, "R" + regno
                    + " offset is outside of the packet");
        }
    }

    /** A load from a frozen read-only map at a known offset is a known constant. */
    private static Optional<RegState> frozenLoad(RegState p, int off, int size) {
        MapFacts m = p.map();
        if (!m.frozenReadOnly() || m.frozenValue().isEmpty() || !p.val().isConst()) {
            return Optional.empty();
        }
        byte[] b = m.frozenValue().get();
        int at = off + (int) p.val().constValue();
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return Optional.of(RegState.constant(v));
    }

    /**
     * Checks that {@code size} bytes at pointer register {@code regno} are memory a helper may
     * read (or write, for {@code write}), as {@code check_helper_mem_access}.
     */
    void helperMem(VState st, int insn, int regno, Scalar size, boolean write, boolean zeroOk) {
        RegState p = s.read(st, regno, insn);
        if (size.umax() == 0) {
            if (!zeroOk) {
                throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + (regno + 1)
                        + " invalid zero-sized read");
            }
            return;
        }
        if (size.smin() < 0) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "R" + (regno + 1)
                    + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        if (Long.compareUnsigned(size.umax(), MAX_VAR_OFF) >= 0) {
            throw s.fail(RejectionKind.UNBOUNDED_OFFSET, insn, "R" + (regno + 1)
                    + " unbounded memory access, use 'var &= const' or 'if (var < const)'");
        }
        int n = (int) size.umax();
        if (p.type() == RegType.STACK) {
            stack.range(st, insn, regno, p, n, write);
            return;
        }
        if (p.type() == RegType.SCALAR && p.val().isConst() && p.val().constValue() == 0 && zeroOk
                && size.umin() == 0) {
            return;
        }
        access(st, insn, regno, 0, 1, write, null, false);
        if (n > 1) {
            access(st, insn, regno, n - 1, 1, write, null, false);
        }
    }
}
