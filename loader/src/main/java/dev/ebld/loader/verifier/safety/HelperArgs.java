package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.kernel.MapCreateAttr;
import dev.ebld.loader.kernel.MapType;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.VerifierEnv.MapFacts;
import dev.ebld.loader.verifier.safety.HelperProto.Arg;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.VState;
import java.util.List;
import java.util.Set;

/**
 * A helper call's arguments against its prototype (the kernel's {@code check_func_arg} and
 * {@code check_map_func_compatibility}): register types, memory the helper reads or writes
 * within bounds, constant sizes, the map's type fitting the helper. After {@link #check}
 * returns, the call's arguments are safe to pass; the result says what the call needs next.
 */
final class HelperArgs {
    private static final Set<MapType> MODELLED_MAPS = Set.of(MapType.HASH, MapType.ARRAY,
            MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH,
            MapType.PROG_ARRAY, MapType.PERF_EVENT_ARRAY, MapType.RINGBUF, MapType.DEVMAP,
            MapType.DEVMAP_HASH, MapType.CPUMAP, MapType.XSKMAP, MapType.ARRAY_OF_MAPS,
            MapType.HASH_OF_MAPS);

    /** map_update_elem, map_delete_elem, map_push_elem, map_pop_elem: refused on read-only maps. */
    private static final Set<Integer> WRITING_MAP_HELPERS = Set.of(2, 3, 87, 88);

    static final Set<RegType> MEMORY = Set.of(RegType.STACK, RegType.PACKET,
            RegType.PACKET_META, RegType.MAP_VALUE, RegType.MAP_KEY, RegType.MEM, RegType.RINGBUF_MEM);

    /**
     * What the arguments told: the map passed, a ringbuf reservation's size, the reference a
     * release passes, and whether a lookup's constant key makes its result non-NULL.
     */
    record Checked(MapFacts map, long allocSize, int releasedRef, boolean elideNull) {
    }

    private final Session s;
    private final MemCheck mem;

    HelperArgs(Session s, MemCheck mem) {
        this.s = s;
        this.mem = mem;
    }

    Checked check(VState st, int insn, HelperProto p) {
        MapFacts map = null;
        long allocSize = 0;
        int releasedRef = 0;
        boolean elideNull = false;
        List<Arg> args = p.args();
        for (int i = 0; i < args.size(); i++) {
            int r = i + 1;
            RegState v = s.read(st, r, insn);
            switch (args.get(i)) {
                case ANYTHING -> leakCheck(insn, r, v);
                case CONST_MAP_PTR -> map = mapArg(insn, r, v, p);
                case MAP_KEY -> {
                    memArg(st, insn, r, v, map.keySize(), false);
                    elideNull = constInRangeKey(st, v, map);
                }
                case MAP_VALUE -> memArg(st, insn, r, v, map.valueSize(), false);
                case MEM, MEM_OR_NULL, UNINIT_MEM -> pointerArg(insn, r, v, args.get(i) == Arg.MEM_OR_NULL);
                case CONST_SIZE, CONST_SIZE_OR_ZERO -> sizeArg(st, insn, r, v, args.get(i - 1),
                        args.get(i) == Arg.CONST_SIZE_OR_ZERO);
                case CTX -> expect(insn, r, v, v.type() == RegType.CTX && v.off() == 0, "ctx");
                case RINGBUF_RELEASE -> releasedRef = releaseArg(insn, r, v);
                case CONST_ALLOC_SIZE -> allocSize = allocSizeArg(insn, r, v);
                case FUNC -> expect(insn, r, v, v.type() == RegType.FUNC, "func");
                case STACK_OR_NULL -> expect(insn, r, v, v.type() == RegType.STACK
                        || v.isConstScalar() && v.val().constValue() == 0, "fp");
            }
        }
        return new Checked(map, allocSize, releasedRef, elideNull);
    }

    private void leakCheck(int insn, int r, RegState v) {
        if (v.type().isPointer() && !s.privileged()) {
            throw s.fail(RejectionKind.POINTER_LEAK, insn, "R" + r + " leaks addr into helper function");
        }
    }

    private void expect(int insn, int r, RegState v, boolean ok, String expected) {
        if (!ok) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r + " type=" + v.type().logName()
                    + " expected=" + expected);
        }
    }

    private MapFacts mapArg(int insn, int r, RegState v, HelperProto p) {
        expect(insn, r, v, v.type() == RegType.MAP_PTR, "map_ptr");
        MapFacts m = v.map();
        if (!MODELLED_MAPS.contains(m.type())) {
            throw s.fail(RejectionKind.UNSUPPORTED, insn, "map type " + m.type()
                    + " is not supported by the safety verifier");
        }
        if (p.id() == 12 && m.type() != MapType.PROG_ARRAY) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "expected prog array map for tail call");
        }
        if ((m.flags() & MapCreateAttr.F_RDONLY_PROG) != 0 && WRITING_MAP_HELPERS.contains(p.id())) {
            // record_func_map, which the kernel runs before check_map_func_compatibility
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "write into map forbidden");
        }
        if (!mapFits(m.type(), p.id())) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "cannot pass map_type " + m.type().number()
                    + " into func " + p.name() + "#" + p.id());
        }
        return m;
    }

    /** The kernel's {@code check_map_func_compatibility}, for the modelled maps and helpers. */
    private static boolean mapFits(MapType t, int helper) {
        boolean ops = helper == 1 || helper == 2 || helper == 3;
        if (t == MapType.PROG_ARRAY) {
            return helper == 12;
        }
        if (t == MapType.PERF_EVENT_ARRAY) {
            return helper == 25;
        }
        if (t == MapType.ARRAY_OF_MAPS || t == MapType.HASH_OF_MAPS) {
            return helper == 1;
        }
        if (t == MapType.RINGBUF) {
            return helper == 130 || helper == 131;
        }
        if (t == MapType.DEVMAP || t == MapType.DEVMAP_HASH || t == MapType.CPUMAP || t == MapType.XSKMAP) {
            // Programs only read these maps: the kernel's redirect maps take lookups, not writes.
            return helper == 51 || helper == 1 && t != MapType.CPUMAP;
        }
        return ops;
    }

    /** A release function's record: the reference it gives back, unmoved. */
    private int releaseArg(int insn, int r, RegState v) {
        expect(insn, r, v, v.type() == RegType.RINGBUF_MEM && v.refId() != 0, "ringbuf_mem");
        if (v.off() != 0 || !v.val().isConst()) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r
                    + " must have zero offset when passed to release func");
        }
        return v.refId();
    }

    private long allocSizeArg(int insn, int r, RegState v) {
        if (!v.isConstScalar()) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r + " is not a known constant'");
        }
        return v.val().constValue();
    }

    private void memArg(VState st, int insn, int r, RegState v, int size, boolean write) {
        expect(insn, r, v, MEMORY.contains(v.type()), "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem");
        mem.helperMem(st, insn, r, Scalar.constant(size), write, false);
    }

    private void pointerArg(int insn, int r, RegState v, boolean nullable) {
        boolean isNull = v.isConstScalar() && v.val().constValue() == 0;
        expect(insn, r, v, MEMORY.contains(v.type()) || nullable && isNull,
                "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem");
    }

    private void sizeArg(VState st, int insn, int r, RegState v, Arg memKind, boolean zeroOk) {
        if (!v.isScalar()) {
            throw s.fail(RejectionKind.BAD_HELPER_ARG, insn, "R" + r + " type=" + v.type().logName()
                    + " expected=scalar");
        }
        mem.helperMem(st, insn, r - 1, v.val(), memKind == Arg.UNINIT_MEM, zeroOk);
    }

    /** A lookup in an array map with a constant in-range key cannot fail (privileged 6.18). */
    private boolean constInRangeKey(VState st, RegState key, MapFacts m) {
        if (m.type() != MapType.ARRAY && m.type() != MapType.PERCPU_ARRAY || key.type() != RegType.STACK
                || !key.val().isConst() || !s.privileged()) {
            return false;
        }
        int at = key.off() + (int) key.val().constValue();
        java.util.OptionalLong k = StackAccess.constantKey(st.frames.get(key.frame()), at, m.keySize());
        return k.isPresent() && k.getAsLong() >= 0 && k.getAsLong() < m.maxEntries();
    }
}
