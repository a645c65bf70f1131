package dev.ebld.loader.interp;

/**
 * Executes a {@link ProgramImage} instruction by instruction with the semantics of RFC 9669:
 * division by zero gives 0 and modulo by zero leaves the dividend, 32-bit operations zero-extend
 * their result, shift amounts are masked to the operand width, signed division of the minimum
 * value by -1 gives the minimum value.
 *
 * <p>One {@code switch} over the opcode byte, registers in a {@code long[]}, no allocation per
 * instruction: the loop is long on purpose, since splitting it into methods per class would cost
 * a call per instruction on a path that runs a few dozen instructions per packet. Memory goes
 * through {@link AddressSpace}, which checks every access; control flow (local calls, exits,
 * {@code bpf_tail_call}, {@code bpf_loop}, {@code may_goto}) is handled here; other helpers go
 * to {@link Helpers}.
 */
public final class Interpreter implements Executor {
    private static final long ENOENT = 2;
    private static final long EINVAL = 22;
    private static final long E2BIG = 7;
    /** bpf_loop's limit on iterations, as BPF_MAX_LOOPS. */
    private static final long MAX_LOOPS = 8L << 20;

    /** Null unless a run is being traced. */
    private final InsnTracer tracer;

    /** An interpreter without a tracer. */
    public Interpreter() {
        this(null);
    }

    /** An interpreter that calls {@code tracer} before every instruction (null for none). */
    public Interpreter(InsnTracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public long execute(ProgramImage image, RunState st) {
        st.regs[10] = st.framePointer(0);
        long before = st.budget;
        try {
            ProgramImage entry = image.replaced[0];
            return run(entry != null ? entry : image, 0, 0, st);
        } catch (RunFault f) {
            throw f;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, never the program's: still a typed end of the run.
            throw new RunFault(RunFault.Kind.INTERNAL, -1, "interpreter error: " + e).in(image);
        } finally {
            st.executed = before - st.budget;
        }
    }

    /** Runs from slot {@code pc} in frame {@code base} until that frame exits; returns r0. */
    long run(ProgramImage img, int pc, int base, RunState st) {
        final long[] r = st.regs;
        final AddressSpace mem = st.space;
        final InsnTracer tracer = this.tracer;
        long[] ops = img.ops;
        int[] target = img.target;
        int depth = base;
        long budget = st.budget;
        // The fault names the image running when it happened: after a tail call, dynamic call
        // or extension entry, that is not the image this run started in.
        try {
            for (;;) {
                if (--budget < 0) {
                    st.budget = 0;
                    throw new RunFault(RunFault.Kind.BUDGET_EXHAUSTED, pc, "instruction budget of "
                            + st.budgetLimit + " exhausted in " + img.name());
                }
                if (tracer != null) {
                    tracer.before(img, pc, r);
                }
                long w = ops[pc];
                int c = (int) w;
                int op = c & 0xff;
                int dst = (c >>> 8) & 15;
                int src = (c >>> 12) & 15;
                int k = (int) (w >> 32);
                switch (op) {
                    // ALU64, K then X forms.
                    case 0x07: r[dst] += k; break;
                    case 0x0f: r[dst] += r[src]; break;
                    case 0x17: r[dst] -= k; break;
                    case 0x1f: r[dst] -= r[src]; break;
                    case 0x27: r[dst] *= k; break;
                    case 0x2f: r[dst] *= r[src]; break;
                    case 0x37: r[dst] = div64(r[dst], k, c); break;
                    case 0x3f: r[dst] = div64(r[dst], r[src], c); break;
                    case 0x47: r[dst] |= k; break;
                    case 0x4f: r[dst] |= r[src]; break;
                    case 0x57: r[dst] &= k; break;
                    case 0x5f: r[dst] &= r[src]; break;
                    case 0x67: r[dst] <<= k; break;
                    case 0x6f: r[dst] <<= r[src]; break;
                    case 0x77: r[dst] >>>= k; break;
                    case 0x7f: r[dst] >>>= r[src]; break;
                    case 0x87: r[dst] = -r[dst]; break;
                    case 0x97: r[dst] = mod64(r[dst], k, c); break;
                    case 0x9f: r[dst] = mod64(r[dst], r[src], c); break;
                    case 0xa7: r[dst] ^= k; break;
                    case 0xaf: r[dst] ^= r[src]; break;
                    case 0xb7: r[dst] = k; break;
                    case 0xbf: r[dst] = movsx64(r[src], c); break;
                    case 0xc7: r[dst] >>= k; break;
                    case 0xcf: r[dst] >>= r[src]; break;
                    case 0xd7: r[dst] = bswap(r[dst], k); break;
                    // ALU (32-bit): operate on the low halves, zero-extend the result.
                    case 0x04: r[dst] = u32((int) r[dst] + k); break;
                    case 0x0c: r[dst] = u32((int) r[dst] + (int) r[src]); break;
                    case 0x14: r[dst] = u32((int) r[dst] - k); break;
                    case 0x1c: r[dst] = u32((int) r[dst] - (int) r[src]); break;
                    case 0x24: r[dst] = u32((int) r[dst] * k); break;
                    case 0x2c: r[dst] = u32((int) r[dst] * (int) r[src]); break;
                    case 0x34: r[dst] = div32((int) r[dst], k, c); break;
                    case 0x3c: r[dst] = div32((int) r[dst], (int) r[src], c); break;
                    case 0x44: r[dst] = u32((int) r[dst] | k); break;
                    case 0x4c: r[dst] = u32((int) r[dst] | (int) r[src]); break;
                    case 0x54: r[dst] = u32((int) r[dst] & k); break;
                    case 0x5c: r[dst] = u32((int) r[dst] & (int) r[src]); break;
                    case 0x64: r[dst] = u32((int) r[dst] << k); break;
                    case 0x6c: r[dst] = u32((int) r[dst] << r[src]); break;
                    case 0x74: r[dst] = u32((int) r[dst] >>> k); break;
                    case 0x7c: r[dst] = u32((int) r[dst] >>> r[src]); break;
                    case 0x84: r[dst] = u32(-(int) r[dst]); break;
                    case 0x94: r[dst] = mod32((int) r[dst], k, c); break;
                    case 0x9c: r[dst] = mod32((int) r[dst], (int) r[src], c); break;
                    case 0xa4: r[dst] = u32((int) r[dst] ^ k); break;
                    case 0xac: r[dst] = u32((int) r[dst] ^ (int) r[src]); break;
                    case 0xb4: r[dst] = u32(k); break;
                    case 0xbc: r[dst] = movsx32(r[src], c); break;
                    case 0xc4: r[dst] = u32((int) r[dst] >> k); break;
                    case 0xcc: r[dst] = u32((int) r[dst] >> r[src]); break;
                    case 0xd4: r[dst] = toLe(r[dst], k); break;
                    case 0xdc: r[dst] = bswap(r[dst], k); break;
                    // Loads and stores.
                    case 0x18: r[dst] = img.wide[pc]; pc += 2; continue;
                    case 0x61: r[dst] = mem.load(r[src] + (short) (c >>> 16), 4, pc); break;
                    case 0x69: r[dst] = mem.load(r[src] + (short) (c >>> 16), 2, pc); break;
                    case 0x71: r[dst] = mem.load(r[src] + (short) (c >>> 16), 1, pc); break;
                    case 0x79: r[dst] = mem.load(r[src] + (short) (c >>> 16), 8, pc); break;
                    case 0x81: r[dst] = (int) mem.load(r[src] + (short) (c >>> 16), 4, pc); break;
                    case 0x89: r[dst] = (short) mem.load(r[src] + (short) (c >>> 16), 2, pc); break;
                    case 0x91: r[dst] = (byte) mem.load(r[src] + (short) (c >>> 16), 1, pc); break;
                    case 0x62: mem.store(r[dst] + (short) (c >>> 16), 4, k, pc); break;
                    case 0x6a: mem.store(r[dst] + (short) (c >>> 16), 2, k, pc); break;
                    case 0x72: mem.store(r[dst] + (short) (c >>> 16), 1, k, pc); break;
                    case 0x7a: mem.store(r[dst] + (short) (c >>> 16), 8, k, pc); break;
                    case 0x63: mem.store(r[dst] + (short) (c >>> 16), 4, r[src], pc); break;
                    case 0x6b: mem.store(r[dst] + (short) (c >>> 16), 2, r[src], pc); break;
                    case 0x73: mem.store(r[dst] + (short) (c >>> 16), 1, r[src], pc); break;
                    case 0x7b: mem.store(r[dst] + (short) (c >>> 16), 8, r[src], pc); break;
                    case 0xc3: Atomics.apply(mem, r, 4, k, dst, src, (short) (c >>> 16), pc); break;
                    case 0xdb: Atomics.apply(mem, r, 8, k, dst, src, (short) (c >>> 16), pc); break;
                    case 0x20: case 0x28: case 0x30: case 0x40: case 0x48: case 0x50:
                        if (!PacketLoads.load(st, op, src, k, pc)) {
                            st.budget = budget;
                            return 0; // the kernel ends the program with 0 on an out-of-packet load
                        }
                        break;
                    // JMP: goto, conditional jumps (64-bit), calls, exit, may_goto.
                    case 0x05: pc = target[pc]; continue;
                    case 0x06: pc = target[pc]; continue;
                    case 0x15: pc = r[dst] == k ? target[pc] : pc + 1; continue;
                    case 0x1d: pc = r[dst] == r[src] ? target[pc] : pc + 1; continue;
                    case 0x25: pc = Long.compareUnsigned(r[dst], k) > 0 ? target[pc] : pc + 1; continue;
                    case 0x2d: pc = Long.compareUnsigned(r[dst], r[src]) > 0 ? target[pc] : pc + 1; continue;
                    case 0x35: pc = Long.compareUnsigned(r[dst], k) >= 0 ? target[pc] : pc + 1; continue;
                    case 0x3d: pc = Long.compareUnsigned(r[dst], r[src]) >= 0 ? target[pc] : pc + 1; continue;
                    case 0x45: pc = (r[dst] & k) != 0 ? target[pc] : pc + 1; continue;
                    case 0x4d: pc = (r[dst] & r[src]) != 0 ? target[pc] : pc + 1; continue;
                    case 0x55: pc = r[dst] != k ? target[pc] : pc + 1; continue;
                    case 0x5d: pc = r[dst] != r[src] ? target[pc] : pc + 1; continue;
                    case 0x65: pc = r[dst] > k ? target[pc] : pc + 1; continue;
                    case 0x6d: pc = r[dst] > r[src] ? target[pc] : pc + 1; continue;
                    case 0x75: pc = r[dst] >= k ? target[pc] : pc + 1; continue;
                    case 0x7d: pc = r[dst] >= r[src] ? target[pc] : pc + 1; continue;
                    case 0xa5: pc = Long.compareUnsigned(r[dst], k) < 0 ? target[pc] : pc + 1; continue;
                    case 0xad: pc = Long.compareUnsigned(r[dst], r[src]) < 0 ? target[pc] : pc + 1; continue;
                    case 0xb5: pc = Long.compareUnsigned(r[dst], k) <= 0 ? target[pc] : pc + 1; continue;
                    case 0xbd: pc = Long.compareUnsigned(r[dst], r[src]) <= 0 ? target[pc] : pc + 1; continue;
                    case 0xc5: pc = r[dst] < k ? target[pc] : pc + 1; continue;
                    case 0xcd: pc = r[dst] < r[src] ? target[pc] : pc + 1; continue;
                    case 0xd5: pc = r[dst] <= k ? target[pc] : pc + 1; continue;
                    case 0xdd: pc = r[dst] <= r[src] ? target[pc] : pc + 1; continue;
                    // JMP32: the same comparisons on the low 32 bits.
                    case 0x16: pc = (int) r[dst] == k ? target[pc] : pc + 1; continue;
                    case 0x1e: pc = (int) r[dst] == (int) r[src] ? target[pc] : pc + 1; continue;
                    case 0x26: pc = Integer.compareUnsigned((int) r[dst], k) > 0 ? target[pc] : pc + 1; continue;
                    case 0x2e: pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) > 0 ? target[pc] : pc + 1; continue;
                    case 0x36: pc = Integer.compareUnsigned((int) r[dst], k) >= 0 ? target[pc] : pc + 1; continue;
                    case 0x3e: pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) >= 0 ? target[pc] : pc + 1; continue;
                    case 0x46: pc = ((int) r[dst] & k) != 0 ? target[pc] : pc + 1; continue;
                    case 0x4e: pc = ((int) r[dst] & (int) r[src]) != 0 ? target[pc] : pc + 1; continue;
                    case 0x56: pc = (int) r[dst] != k ? target[pc] : pc + 1; continue;
                    case 0x5e: pc = (int) r[dst] != (int) r[src] ? target[pc] : pc + 1; continue;
                    case 0x66: pc = (int) r[dst] > k ? target[pc] : pc + 1; continue;
                    case 0x6e: pc = (int) r[dst] > (int) r[src] ? target[pc] : pc + 1; continue;
                    case 0x76: pc = (int) r[dst] >= k ? target[pc] : pc + 1; continue;
                    case 0x7e: pc = (int) r[dst] >= (int) r[src] ? target[pc] : pc + 1; continue;
                    case 0xa6: pc = Integer.compareUnsigned((int) r[dst], k) < 0 ? target[pc] : pc + 1; continue;
                    case 0xae: pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) < 0 ? target[pc] : pc + 1; continue;
                    case 0xb6: pc = Integer.compareUnsigned((int) r[dst], k) <= 0 ? target[pc] : pc + 1; continue;
                    case 0xbe: pc = Integer.compareUnsigned((int) r[dst], (int) r[src]) <= 0 ? target[pc] : pc + 1; continue;
                    case 0xc6: pc = (int) r[dst] < k ? target[pc] : pc + 1; continue;
                    case 0xce: pc = (int) r[dst] < (int) r[src] ? target[pc] : pc + 1; continue;
                    case 0xd6: pc = (int) r[dst] <= k ? target[pc] : pc + 1; continue;
                    case 0xde: pc = (int) r[dst] <= (int) r[src] ? target[pc] : pc + 1; continue;
                    case 0xe5:
                        if (st.mayGoto == 0) {
                            pc = target[pc];
                        } else {
                            st.mayGoto--;
                            pc++;
                        }
                        continue;
                    case 0x85:
                    case 0x8d: {
                        // src 1: a local call; src 3: a dynamic call into another program's image.
                        int slot = op == 0x85 ? (src == 1 || src == 3 ? target[pc] : -1)
                                : CodePointers.slotOf(r[dst]);
                        if (slot < 0) {
                            int id = op == 0x85 ? k : (int) r[dst];
                            st.budget = budget;
                            if (id == HelperIds.TAIL_CALL) {
                                ProgramImage next = tailCall(st, pc);
                                if (next != null) {
                                    // A program whose main function an extension replaced runs the extension.
                                    img = next.replaced[0] != null ? next.replaced[0] : next;
                                    ops = img.ops;
                                    target = img.target;
                                    pc = 0;
                                    continue;
                                }
                            } else {
                                r[0] = id == HelperIds.LOOP ? loop(img, depth, st, pc) : helper(id, st, pc);
                            }
                            budget = st.budget;
                            pc++;
                            continue;
                        }
                        if (depth + 1 >= RunState.MAX_FRAMES) {
                            throw new RunFault(RunFault.Kind.CALL_DEPTH, pc, "call nests deeper than "
                                    + RunState.MAX_FRAMES + " frames");
                        }
                        push(st, depth, pc + 1, img);
                        depth++;
                        r[10] = st.framePointer(depth);
                        if (op == 0x85 && src == 3) { // a dynamic call: enter the callee program's image
                            img = img.callee[pc];
                            ops = img.ops;
                            target = img.target;
                        }
                        ProgramImage ext = img.replaced[slot];
                        if (ext != null) { // an extension replaces the callee: run it from its start
                            img = ext;
                            ops = img.ops;
                            target = img.target;
                            slot = 0;
                        }
                        pc = slot;
                        continue;
                    }
                    case 0x95:
                        if (depth == base) {
                            st.budget = budget;
                            return r[0];
                        }
                        depth--;
                        pc = pop(st, depth);
                        img = st.retImage[depth];
                        ops = img.ops;
                        target = img.target;
                        continue;
                    default:
                        String why = img.invalidReason(pc);
                        throw new RunFault(RunFault.Kind.BAD_INSN, pc, why != null ? why
                                : String.format("unknown opcode 0x%02x", op));
                }
                pc++;
            }
        } catch (RunFault f) {
            throw f.in(img);
        }
    }

    private static void push(RunState st, int depth, int retPc, ProgramImage img) {
        long[] r = st.regs;
        long[] saved = st.saved;
        int s = depth * 5;
        // r6-r9 and r10, by hand: five element moves beat an arraycopy stub call on this path.
        saved[s] = r[6];
        saved[s + 1] = r[7];
        saved[s + 2] = r[8];
        saved[s + 3] = r[9];
        saved[s + 4] = r[10];
        st.retPc[depth] = retPc;
        st.retImage[depth] = img;
    }

    private static int pop(RunState st, int depth) {
        long[] r = st.regs;
        long[] saved = st.saved;
        int s = depth * 5;
        r[6] = saved[s];
        r[7] = saved[s + 1];
        r[8] = saved[s + 2];
        r[9] = saved[s + 3];
        r[10] = saved[s + 4];
        return st.retPc[depth];
    }

    static long helper(int id, RunState st, int pc) {
        return st.helpers.call(id, st, pc);
    }

    /** bpf_tail_call(ctx, map, index): the target, or null to fall through with r0 = -ENOENT. */
    private static ProgramImage tailCall(RunState st, int pc) {
        ProgramImage next = st.tailCalls >= RunState.MAX_TAIL_CALLS ? null
                : st.helpers.tailCallTarget(st, st.regs[2], st.regs[3], pc);
        if (next == null) {
            st.regs[0] = -ENOENT;
            return null;
        }
        st.tailCalls++;
        return next;
    }

    /**
     * bpf_loop(nr_loops, callback, ctx, flags): calls the callback with (i, ctx) until it returns
     * non-zero or nr_loops calls are done; returns how many calls were made.
     */
    private long loop(ProgramImage img, int depth, RunState st, int pc) {
        long[] r = st.regs;
        long n = r[1];
        int slot = CodePointers.slotOf(r[2]);
        long ctx = r[3];
        if (r[4] != 0) {
            return -EINVAL;
        }
        if (Long.compareUnsigned(n, MAX_LOOPS) > 0) {
            return -E2BIG;
        }
        if (slot < 0 || slot >= img.length()) {
            throw new RunFault(RunFault.Kind.BAD_HELPER, pc, "bpf_loop callback is not a function");
        }
        if (depth + 1 >= RunState.MAX_FRAMES) {
            throw new RunFault(RunFault.Kind.CALL_DEPTH, pc, "bpf_loop callback nests deeper than "
                    + RunState.MAX_FRAMES + " frames");
        }
        long[] keep = new long[5];
        System.arraycopy(r, 6, keep, 0, 5);
        long i = 0;
        while (i < n) {
            r[1] = i;
            r[2] = ctx;
            r[10] = st.framePointer(depth + 1);
            ProgramImage ext = img.replaced[slot];
            long ret = ext != null ? run(ext, 0, depth + 1, st) : run(img, slot, depth + 1, st);
            st.ended = false; // here an out-of-packet load ends only the callback
            i++;
            if (ret != 0) {
                break;
            }
        }
        System.arraycopy(keep, 0, r, 6, 5);
        return i;
    }

    private static long u32(int v) {
        return v & 0xffff_ffffL;
    }

    /** DIV: off 0 unsigned, off 1 signed (v4); by zero gives 0. */
    static long div64(long a, long b, int c) {
        if (b == 0) {
            return 0;
        }
        return (c >>> 16) == 0 ? Long.divideUnsigned(a, b) : a / b;
    }

    /** MOD: by zero leaves the dividend. Java's % truncates like the kernel's signed modulo. */
    static long mod64(long a, long b, int c) {
        if (b == 0) {
            return a;
        }
        return (c >>> 16) == 0 ? Long.remainderUnsigned(a, b) : a % b;
    }

    static long div32(int a, int b, int c) {
        if (b == 0) {
            return 0;
        }
        return u32((c >>> 16) == 0 ? Integer.divideUnsigned(a, b) : a / b);
    }

    static long mod32(int a, int b, int c) {
        if (b == 0) {
            return u32(a);
        }
        return u32((c >>> 16) == 0 ? Integer.remainderUnsigned(a, b) : a % b);
    }

    /** MOV X in ALU64: off 8, 16, 32 sign-extend that many low bits (v4); 0 and 1 copy. */
    static long movsx64(long v, int c) {
        switch (c >>> 16) {
            case 8: return (byte) v;
            case 16: return (short) v;
            case 32: return (int) v;
            default: return v;
        }
    }

    /** MOV X in ALU: off 8 and 16 sign-extend into 32 bits, then the result zero-extends. */
    static long movsx32(long v, int c) {
        switch (c >>> 16) {
            case 8: return u32((byte) v);
            case 16: return u32((short) v);
            default: return u32((int) v);
        }
    }

    /** To little-endian on a little-endian machine: keep the low {@code bits}, zero the rest. */
    static long toLe(long v, int bits) {
        switch (bits) {
            case 16: return v & 0xffffL;
            case 32: return v & 0xffff_ffffL;
            default: return v;
        }
    }

    /** A byte swap of the low {@code bits} (to big-endian, or bswap), zero-extended. */
    static long bswap(long v, int bits) {
        switch (bits) {
            case 16: return Short.reverseBytes((short) v) & 0xffffL;
            case 32: return Integer.reverseBytes((int) v) & 0xffff_ffffL;
            default: return Long.reverseBytes(v);
        }
    }
}
