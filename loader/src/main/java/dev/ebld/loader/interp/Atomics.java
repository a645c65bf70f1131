package dev.ebld.loader.interp;

/**
 * The atomic instructions ({@code BPF_STX | BPF_ATOMIC}) on 4 or 8 bytes: add, or, and, xor with
 * and without fetch, xchg and cmpxchg. A run is single-threaded, so read-modify-write is atomic by
 * construction; what matters is which register gets the old value and how it is extended (a
 * 32-bit fetch zero-extends, as every 32-bit result does).
 */
final class Atomics {
    private static final int FETCH = 0x01;
    private static final int ADD = 0x00;
    private static final int OR = 0x40;
    private static final int AND = 0x50;
    private static final int XOR = 0xa0;
    private static final int XCHG = 0xe0 | FETCH;
    private static final int CMPXCHG = 0xf0 | FETCH;

    private Atomics() {
    }

    static void apply(AddressSpace mem, long[] r, int size, int imm, int dst, int src, int off,
            int pc) {
        long addr = r[dst] + off;
        Region region = mem.check(addr, size, true, pc);
        if (region.context != null) {
            throw new RunFault(RunFault.Kind.BAD_INSN, pc, "atomic operation on the context "
                    + region.name);
        }
        int p = region.base + (int) AddressSpace.offsetOf(addr);
        long mask = size == 4 ? 0xffff_ffffL : -1L;
        long old = AddressSpace.get(region.data, p, size);
        long v = r[src] & mask;
        long result;
        switch (imm) {
            case ADD: case ADD | FETCH: result = old + v; break;
            case OR: case OR | FETCH: result = old | v; break;
            case AND: case AND | FETCH: result = old & v; break;
            case XOR: case XOR | FETCH: result = old ^ v; break;
            case XCHG: result = v; break;
            case CMPXCHG:
                result = old == (r[0] & mask) ? v : old;
                AddressSpace.put(region.data, p, size, result);
                r[0] = old;
                return;
            default:
                throw new RunFault(RunFault.Kind.BAD_INSN, pc,
                        String.format("unknown atomic operation 0x%02x", imm));
        }
        AddressSpace.put(region.data, p, size, result);
        if ((imm & FETCH) != 0) {
            r[src] = old;
        }
    }
}
