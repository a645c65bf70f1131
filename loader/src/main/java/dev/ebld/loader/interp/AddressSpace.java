package dev.ebld.loader.interp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The simulated machine's memory: a table of {@link Region}s and the 64-bit pointers into them.
 *
 * <p>A pointer is {@code (TAG + index) << 32 | (0x8000_0000 + offset)}: the high half names the
 * region, the low half holds the offset biased by 2^31. Small pointer arithmetic in either
 * direction stays in the region's 4 GiB slot, so {@code ptr - 8} from the start of a region is a
 * negative offset of the same region (a fault), never the last bytes of the region before it.
 * Every access checks the whole access against the region's live window: a program never reads
 * or writes bytes it was not given, whatever its pointer arithmetic, with or without a verifier.
 *
 * <p>Little-endian, like the x86-64 and arm64 hosts the kernel mostly runs on. Not thread-safe:
 * one run at a time per address space.
 */
public final class AddressSpace {
    private static final long TAG = 0xffff_0000L;
    private static final long BIAS = 0x8000_0000L;
    /** Added to a pointer's high half as an int, gives its region index ({@code TAG} wraps to 0). */
    private static final int TAG_WRAP = 0x1_0000;
    private static final VarHandle I16 =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Region[] regions = new Region[64];
    private int count = 1; // index 0 is never used: pointer 0 belongs to no region
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    /** Adds a region and gives it an index; its pointers are valid from now on. */
    public Region add(Region r) {
        int i;
        if (!free.isEmpty()) {
            i = free.pop();
        } else {
            if (count == regions.length) {
                regions = Arrays.copyOf(regions, count * 2);
            }
            i = count++;
        }
        r.index = i;
        r.live = true;
        regions[i] = r;
        return r;
    }

    /**
     * Kills a region: pointers into it fault from now on. Its index is reused later, so a stale
     * pointer may then reach the newer region; it still never reaches bytes outside a region.
     */
    public void remove(Region r) {
        if (r.live && r.index > 0 && regions[r.index] == r) {
            r.live = false;
            regions[r.index] = null;
            free.push(r.index);
        }
    }

    /** A pointer {@code off} bytes into {@code r}. */
    public static long pointer(Region r, long off) {
        return ((TAG + r.index) << 32) + BIAS + off;
    }

    /** The live region {@code addr} points into, or null when it points into none. */
    public Region regionOf(long addr) {
        long i = (addr >>> 32) - TAG;
        if (i <= 0 || i >= count) {
            return null;
        }
        return regions[(int) i];
    }

    /** The offset of {@code addr} within its region's slot (negative when below the start). */
    public static long offsetOf(long addr) {
        return (addr & 0xffff_ffffL) - BIAS;
    }

    /**
     * The region and checked offset for {@code len} bytes at {@code addr}; faults naming {@code pc}
     * when the access is not inside one live region (or writes a read-only one).
     *
     * <p>The hot path of every load and store: the region index is the pointer's high half plus
     * 2^16 (its tag wraps to zero as an int), one array read; the window test is one signed test
     * of {@code off | (size - len - off)} in 64 bits, negative exactly when the access starts
     * below the window or ends past it. Fault messages are built out of line.
     */
    public Region check(long addr, int len, boolean write, int pc) {
        Region[] rs = regions;
        int i = (int) (addr >>> 32) + TAG_WRAP;
        Region r = i > 0 && i < rs.length ? rs[i] : null;
        if (r == null) {
            throw noRegion(addr, len, pc);
        }
        long off = (int) addr ^ Integer.MIN_VALUE; // the low half minus BIAS
        if ((off | (r.size - (long) len - off)) < 0 || len < 0) {
            throw outside(r, off, len, pc);
        }
        if (write && !r.writable) {
            throw new RunFault(RunFault.Kind.READ_ONLY, pc, "write into read-only " + r.name);
        }
        return r;
    }

    private static RunFault noRegion(long addr, int len, int pc) {
        return new RunFault(RunFault.Kind.OUT_OF_BOUNDS, pc, "access of " + len
                + " bytes at 0x" + Long.toHexString(addr) + " is in no region");
    }

    private static RunFault outside(Region r, long off, int len, int pc) {
        return new RunFault(RunFault.Kind.OUT_OF_BOUNDS, pc, "access of " + len
                + " bytes at offset " + off + " of " + r.name + " (size " + r.size + ")");
    }

    /** A zero-extended load of {@code size} (1, 2, 4 or 8) bytes. */
    public long load(long addr, int size, int pc) {
        Region r = check(addr, size, false, pc);
        int off = (int) addr ^ Integer.MIN_VALUE;
        if (r.context != null) {
            return r.context.load(off, size, pc);
        }
        return get(r.data, r.base + off, size);
    }

    /** Stores the low {@code size} bytes of {@code value}. */
    public void store(long addr, int size, long value, int pc) {
        Region r = check(addr, size, true, pc);
        int off = (int) addr ^ Integer.MIN_VALUE;
        if (r.context != null) {
            r.context.store(off, size, value, pc);
            return;
        }
        put(r.data, r.base + off, size, value);
    }

    /** Copies {@code len} bytes out of memory (helper arguments). */
    public byte[] read(long addr, int len, int pc) {
        Region r = check(addr, len, false, pc);
        if (r.context != null) {
            throw new RunFault(RunFault.Kind.OUT_OF_BOUNDS, pc, "helper memory argument points"
                    + " into the context " + r.name);
        }
        int p = r.base + (int) offsetOf(addr);
        return Arrays.copyOfRange(r.data, p, p + len);
    }

    /** Copies {@code bytes} into memory (helper results). */
    public void write(long addr, byte[] bytes, int pc) {
        Region r = check(addr, bytes.length, true, pc);
        if (r.context != null) {
            throw new RunFault(RunFault.Kind.OUT_OF_BOUNDS, pc, "helper memory argument points"
                    + " into the context " + r.name);
        }
        System.arraycopy(bytes, 0, r.data, r.base + (int) offsetOf(addr), bytes.length);
    }

    static long get(byte[] d, int p, int size) {
        switch (size) {
            case 1:
                return d[p] & 0xffL;
            case 2:
                return (short) I16.get(d, p) & 0xffffL;
            case 4:
                return (int) I32.get(d, p) & 0xffff_ffffL;
            default:
                return (long) I64.get(d, p);
        }
    }

    static void put(byte[] d, int p, int size, long v) {
        switch (size) {
            case 1:
                d[p] = (byte) v;
                break;
            case 2:
                I16.set(d, p, (short) v);
                break;
            case 4:
                I32.set(d, p, (int) v);
                break;
            default:
                I64.set(d, p, v);
                break;
        }
    }

    /** Little-endian read of a fixed-width field from plain bytes (for map and context code). */
    public static long getLe(byte[] d, int p, int size) {
        return get(d, p, size);
    }

    /** Little-endian write of a fixed-width field into plain bytes. */
    public static void putLe(byte[] d, int p, int size, long v) {
        put(d, p, size, v);
    }
}
