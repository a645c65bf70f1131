package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.loader.BpfMap;
import dev.ebld.loader.MapKind;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.MapType;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one BTF-defined map ({@code struct { __uint(type, ...); ... } name SEC(".maps")}), the
 * way libbpf's {@code parse_btf_map_def} does: integer attributes are encoded as a pointer to an
 * array whose element count is the value; {@code key} and {@code value} point to their types;
 * {@code values} is an array of pointers to the inner map's definition (map-in-map) or to a
 * function prototype (prog_array). An unknown member is an error, as in libbpf 1.0.
 */
final class BtfMapDefs {
    private final ObjectContext ctx;
    private final Btf btf;
    private final String section;

    BtfMapDefs(ObjectContext ctx, Btf btf, String section) {
        this.ctx = ctx;
        this.btf = btf;
        this.section = section;
    }

    /** The definition of {@code name} from struct {@code defTypeId}; offsets of slots come later. */
    BpfMap parse(String name, int defTypeId, boolean inner, long offset, Map<Integer, String> slots) {
        int sid = BtfTypes.skipModifiersAndTypedefs(btf, defTypeId);
        BtfType t = btf.type(sid);
        if (t.kind() != BtfKind.STRUCT) {
            throw bad(name, offset, "unexpected def kind " + t.kind().label());
        }
        Def d = new Def();
        for (BtfType.Member m : ((BtfType.Struct) t).members()) {
            member(d, name, offset, m);
        }
        return d.build(name, inner, slots);
    }

    /** Byte offset of the {@code values} member in the definition, if the map has one. */
    Optional<Integer> valuesOffset(int defTypeId) {
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, defTypeId));
        if (!(t instanceof BtfType.Struct s)) {
            return Optional.empty();
        }
        for (BtfType.Member m : s.members()) {
            if (m.name().equals("values")) {
                return Optional.of(m.bitOffset() / 8);
            }
        }
        return Optional.empty();
    }

    private void member(Def d, String name, long offset, BtfType.Member m) {
        switch (m.name()) {
            case "type" -> d.type = intAttr(name, offset, m);
            case "max_entries" -> d.maxEntries = intAttr(name, offset, m);
            case "map_flags" -> d.flags = intAttr(name, offset, m);
            case "numa_node" -> intAttr(name, offset, m);
            case "key_size" -> d.keySize = sized(d.keySize, intAttr(name, offset, m), name, offset, "key");
            case "value_size" -> d.valueSize = sized(d.valueSize, intAttr(name, offset, m), name, offset, "value");
            case "map_extra" -> d.mapExtra = intAttr(name, offset, m);
            case "pinning" -> d.pinning = pinning(name, offset, m);
            case "key" -> {
                d.keyType = pointee(name, offset, m);
                d.keySize = sized(d.keySize, typeSize(name, offset, d.keyType, "key"), name, offset, "key");
            }
            case "value" -> {
                d.valueType = pointee(name, offset, m);
                d.valueSize = sized(d.valueSize, typeSize(name, offset, d.valueType, "value"), name, offset, "value");
            }
            case "values" -> d.inner = values(name, offset, m);
            default -> throw bad(name, offset, "unknown field '" + m.name() + "'");
        }
    }

    private int intAttr(String name, long offset, BtfType.Member m) {
        BtfType p = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, m.type()));
        if (p instanceof BtfType.Ptr ptr) {
            BtfType a = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, ptr.type()));
            if (a instanceof BtfType.Array arr) {
                return arr.nelems();
            }
        }
        throw bad(name, offset, "attr '" + m.name() + "': expected PTR -> ARRAY, got "
                + p.kind().label());
    }

    private int pointee(String name, long offset, BtfType.Member m) {
        BtfType p = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, m.type()));
        if (!(p instanceof BtfType.Ptr ptr)) {
            throw bad(name, offset, m.name() + " spec is not PTR: " + p.kind().label());
        }
        return ptr.type();
    }

    private int typeSize(String name, long offset, int typeId, String what) {
        long size = BtfTypes.resolveSize(btf, typeId).orElse(0);
        if (size == 0) {
            throw bad(name, offset, "can't determine " + what + " size for type [" + typeId + "]");
        }
        return (int) size;
    }

    private int sized(int old, int now, String name, long offset, String what) {
        if (old != 0 && old != now) {
            throw bad(name, offset, "conflicting " + what + " size " + old + " != " + now);
        }
        return now;
    }

    private int pinning(String name, long offset, BtfType.Member m) {
        int v = intAttr(name, offset, m);
        if (v != 0 && v != 1) {
            throw bad(name, offset, "invalid pinning value " + v);
        }
        return v;
    }

    /** The inner map template of a map-in-map, or empty for a prog_array's function pointers. */
    private Optional<BpfMap> values(String name, long offset, BtfType.Member m) {
        BtfType a = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, m.type()));
        if (!(a instanceof BtfType.Array arr)) {
            throw bad(name, offset, "values spec is not an array: " + a.kind().label());
        }
        BtfType p = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, arr.elemType()));
        if (!(p instanceof BtfType.Ptr ptr)) {
            throw bad(name, offset, "values spec is not an array of pointers");
        }
        BtfType target = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, ptr.type()));
        if (target.kind() == BtfKind.FUNC_PROTO) {
            return Optional.empty();
        }
        if (target.kind() != BtfKind.STRUCT) {
            throw bad(name, offset, "values element is not a map definition: " + target.kind().label());
        }
        return Optional.of(parse(name + ".inner", ptr.type(), true, offset, Map.of()));
    }

    private RuntimeException bad(String name, long offset, String message) {
        return ctx.error(LoaderDiagnosticKind.BAD_MAP, section, offset, name, Errno.EINVAL,
                "map '" + name + "': " + message);
    }

    /** The fields as they are read; {@link #build} checks what libbpf checks after parsing. */
    private final class Def {
        int type = -1;
        int maxEntries;
        int flags;
        int keySize;
        int valueSize;
        int keyType;
        int valueType;
        int pinning;
        long mapExtra;
        Optional<BpfMap> inner;

        BpfMap build(String name, boolean isInner, Map<Integer, String> slots) {
            MapType mt = MapType.ofNumber(type).orElseThrow(() -> bad(name, -1,
                    type < 0 ? "missing map type" : "unknown map type " + type));
            if (inner != null) {
                boolean mim = mt == MapType.ARRAY_OF_MAPS || mt == MapType.HASH_OF_MAPS;
                if (!mim && mt != MapType.PROG_ARRAY) {
                    throw bad(name, -1, "should be map-in-map or prog-array.");
                }
                if (mim && inner.isEmpty() || mt == MapType.PROG_ARRAY && inner.isPresent()) {
                    throw bad(name, -1, "values of the wrong kind for a " + mt);
                }
                if (valueSize != 0 && valueSize != 4) {
                    throw bad(name, -1, "conflicting value size " + valueSize + " != 4");
                }
                valueSize = 4;
            }
            return new BpfMap(name, MapKind.USER, section, mt, keySize, valueSize, maxEntries,
                    flags, pinning, mapExtra, inner == null ? Optional.empty() : inner,
                    keyType, valueType, slots);
        }
    }
}
