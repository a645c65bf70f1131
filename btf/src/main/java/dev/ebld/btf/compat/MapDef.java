package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.btf.c.Spelling;

/**
 * A BTF-defined map ({@code .maps}) as libbpf reads it ({@code parse_btf_map_def}, strict mode):
 * the VAR's type, past modifiers and typedefs, is a struct whose members are
 * <ul>
 * <li>{@code __uint(name, N)}: a pointer to an array of N elements, for {@code type},
 *     {@code max_entries}, {@code map_flags}, {@code numa_node}, {@code key_size},
 *     {@code value_size} and {@code pinning};</li>
 * <li>{@code __type(name, T)}: a pointer to T, for {@code key} and {@code value} (the size is T's);</li>
 * <li>{@code __ulong(map_extra, N)}: an enum whose single value is N;</li>
 * <li>{@code __array(values, ...)}: a zero-length array of pointers to the inner map's struct
 *     (map-in-map) or to a function prototype (program array).</li>
 * </ul>
 * Unset numbers are 0 and unset type ids are 0 (void), so two definitions compare field by field.
 *
 * @param structId  the definition's struct type id
 * @param inner     the inner map of a map-in-map, else null
 */
record MapDef(int structId, long type, long maxEntries, long flags, long numaNode, long keySize,
                       int keyType, long valueSize, int valueType, long pinning, long mapExtra,
                       MapDef inner) {

    static final String[] MAP_TYPES = {
        "BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_ARRAY", "BPF_MAP_TYPE_PROG_ARRAY",
        "BPF_MAP_TYPE_PERF_EVENT_ARRAY", "BPF_MAP_TYPE_PERCPU_HASH", "BPF_MAP_TYPE_PERCPU_ARRAY",
        "BPF_MAP_TYPE_STACK_TRACE", "BPF_MAP_TYPE_CGROUP_ARRAY", "BPF_MAP_TYPE_LRU_HASH",
        "BPF_MAP_TYPE_LRU_PERCPU_HASH", "BPF_MAP_TYPE_LPM_TRIE", "BPF_MAP_TYPE_ARRAY_OF_MAPS",
        "BPF_MAP_TYPE_HASH_OF_MAPS", "BPF_MAP_TYPE_DEVMAP", "BPF_MAP_TYPE_SOCKMAP", "BPF_MAP_TYPE_CPUMAP",
        "BPF_MAP_TYPE_XSKMAP", "BPF_MAP_TYPE_SOCKHASH", "BPF_MAP_TYPE_CGROUP_STORAGE",
        "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY", "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE", "BPF_MAP_TYPE_QUEUE",
        "BPF_MAP_TYPE_STACK", "BPF_MAP_TYPE_SK_STORAGE", "BPF_MAP_TYPE_DEVMAP_HASH",
        "BPF_MAP_TYPE_STRUCT_OPS", "BPF_MAP_TYPE_RINGBUF", "BPF_MAP_TYPE_INODE_STORAGE",
        "BPF_MAP_TYPE_TASK_STORAGE", "BPF_MAP_TYPE_BLOOM_FILTER", "BPF_MAP_TYPE_USER_RINGBUF",
        "BPF_MAP_TYPE_CGRP_STORAGE", "BPF_MAP_TYPE_ARENA",
    };
    static final int PROG_ARRAY = 3;
    static final int ARRAY_OF_MAPS = 12;
    static final int HASH_OF_MAPS = 13;

    /** A map definition libbpf would refuse; the message says which member and why. */
    static final class InvalidMapException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidMapException(String message) {
            super(message);
        }
    }

    /** The definition of the map VAR {@code varId}. */
    static MapDef ofVar(Btf btf, int varId) throws InvalidMapException {
        if (!(btf.type(varId) instanceof BtfType.Var v)) {
            throw new InvalidMapException("type [" + varId + "] is " + btf.type(varId).kind().label() + ", not a VAR");
        }
        return parse(btf, BtfTypes.skipModifiersAndTypedefs(btf, v.type()), true);
    }

    static MapDef parse(Btf btf, int structId, boolean allowInner) throws InvalidMapException {
        if (!(btf.type(structId) instanceof BtfType.Struct s)) {
            throw new InvalidMapException("definition is " + Spelling.type(btf, structId) + ", not a struct");
        }
        Builder b = new Builder(structId);
        for (int i = 0; i < s.members().size(); i++) {
            b.member(btf, s.members().get(i), i, allowInner);
        }
        if (b.type == 0) {
            throw new InvalidMapException("map type isn't specified");
        }
        return b.build();
    }

    /** The map as it is declared in C, e.g. {@code struct { __uint(type, BPF_MAP_TYPE_ARRAY); ... } m}. */
    static String spell(Btf btf, int varId) {
        BtfType t = btf.type(varId);
        if (!(t instanceof BtfType.Var v)) {
            return Spelling.declaration(btf, varId);
        }
        int struct = BtfTypes.skipModifiersAndTypedefs(btf, v.type());
        return Spelling.storage(v.linkage()) + spellStruct(btf, struct, 0) + " " + v.name();
    }

    private static String spellStruct(Btf btf, int structId, int depth) {
        if (!(btf.type(structId) instanceof BtfType.Struct s) || depth > 1) {
            return Spelling.type(btf, structId);
        }
        StringBuilder sb = new StringBuilder("struct ");
        if (!s.name().isEmpty()) {
            sb.append(s.name()).append(' ');
        }
        sb.append('{');
        for (BtfType.Member m : s.members()) {
            sb.append(' ').append(spellMember(btf, m, depth)).append(';');
        }
        return sb.append(" }").toString();
    }

    private static String spellMember(Btf btf, BtfType.Member m, int depth) {
        Long n = number(btf, m.type());
        if (n != null && btf.type(BtfTypes.skipModifiersAndTypedefs(btf, m.type())).kind() != BtfKind.PTR) {
            return "__ulong(" + m.name() + ", " + n + ")";
        }
        if (n != null) {
            String value = m.name().equals("type") && n < MAP_TYPES.length ? MAP_TYPES[n.intValue()] : Long.toString(n);
            return "__uint(" + m.name() + ", " + value + ")";
        }
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, m.type()));
        if (t instanceof BtfType.Ptr p) {
            return "__type(" + m.name() + ", " + Spelling.type(btf, p.type()) + ")";
        }
        if (t instanceof BtfType.Array a) {
            int elem = BtfTypes.skipModifiersAndTypedefs(btf, a.elemType());
            if (btf.type(elem) instanceof BtfType.Ptr p) {
                int target = BtfTypes.skipModifiersAndTypedefs(btf, p.type());
                return "__array(" + m.name() + ", " + spellStruct(btf, target, depth + 1) + ")";
            }
        }
        return Spelling.declarator(btf, m.type(), m.name());
    }

    /** N of {@code __uint(name, N)} or {@code __ulong(name, N)}, else null. */
    static Long number(Btf btf, int typeId) {
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, typeId));
        if (t instanceof BtfType.Ptr p && btf.type(p.type()) instanceof BtfType.Array a) {
            return Integer.toUnsignedLong(a.nelems());
        }
        if (t instanceof BtfType.EnumType e && e.values().size() == 1) {
            return Integer.toUnsignedLong(e.values().get(0).value());
        }
        if (t instanceof BtfType.Enum64Type e && e.values().size() == 1) {
            return e.values().get(0).value();
        }
        return null;
    }

    /** Collects members; mutable while one struct is walked. */
    private static final class Builder {
        final int structId;
        long type;
        long maxEntries;
        long flags;
        long numaNode;
        long keySize;
        int keyType;
        long valueSize;
        int valueType;
        long pinning;
        long mapExtra;
        int innerStruct;
        Btf innerBtf;

        Builder(int structId) {
            this.structId = structId;
        }

        void member(Btf btf, BtfType.Member m, int index, boolean allowInner) throws InvalidMapException {
            String name = m.name();
            switch (name) {
                case "type": type = uint(btf, m); break;
                case "max_entries": maxEntries = uint(btf, m); break;
                case "map_flags": flags = uint(btf, m); break;
                case "numa_node": numaNode = uint(btf, m); break;
                case "key_size": keySize = checkedSize(keySize, uint(btf, m), "key_size"); break;
                case "value_size": valueSize = checkedSize(valueSize, uint(btf, m), "value_size"); break;
                case "pinning": pinning = pinning(btf, m); break;
                case "map_extra": mapExtra = number(btf, m, "map_extra"); break;
                case "key": keyType = pointee(btf, m); keySize = checkedSize(keySize, sizeOf(btf, keyType), "key"); break;
                case "value": valueType = pointee(btf, m); valueSize = checkedSize(valueSize, sizeOf(btf, valueType), "value"); break;
                case "values": values(btf, m, allowInner); break;
                default:
                    throw new InvalidMapException(name.isEmpty() ? "member #" + index + " has no name"
                            : "unknown field '" + name + "'");
            }
        }

        private static long uint(Btf btf, BtfType.Member m) throws InvalidMapException {
            BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, m.type()));
            if (!(t instanceof BtfType.Ptr p) || !(btf.type(p.type()) instanceof BtfType.Array a)) {
                throw new InvalidMapException("'" + m.name() + "' is not __uint(" + m.name() + ", N)");
            }
            return Integer.toUnsignedLong(a.nelems());
        }

        private static long number(Btf btf, BtfType.Member m, String what) throws InvalidMapException {
            Long n = MapDef.number(btf, m.type());
            if (n == null) {
                throw new InvalidMapException("'" + what + "' is neither __uint nor __ulong");
            }
            return n;
        }

        private static long pinning(Btf btf, BtfType.Member m) throws InvalidMapException {
            long p = uint(btf, m);
            if (p != 0 && p != 1) {
                throw new InvalidMapException("invalid pinning value " + p);
            }
            return p;
        }

        private static int pointee(Btf btf, BtfType.Member m) throws InvalidMapException {
            if (!(btf.type(m.type()) instanceof BtfType.Ptr p)) {
                throw new InvalidMapException("'" + m.name() + "' spec is not a pointer");
            }
            return p.type();
        }

        private static long checkedSize(long old, long now, String what) throws InvalidMapException {
            if (old != 0 && old != now) {
                throw new InvalidMapException("conflicting " + what + " size " + old + " != " + now);
            }
            return now;
        }

        private static long sizeOf(Btf btf, int id) throws InvalidMapException {
            long size = ResolvedSize.size(btf, id);
            if (size < 0) {
                throw new InvalidMapException("can't determine size of " + Spelling.type(btf, id));
            }
            return size;
        }

        private void values(Btf btf, BtfType.Member m, boolean allowInner) throws InvalidMapException {
            boolean mapInMap = type == ARRAY_OF_MAPS || type == HASH_OF_MAPS;
            if (!mapInMap && type != PROG_ARRAY) {
                throw new InvalidMapException("'values' needs a map-in-map or program array type, declared first");
            }
            valueSize = checkedSize(valueSize, 4, "value");
            BtfType arr = btf.type(m.type());
            if (!(arr instanceof BtfType.Array a) || a.nelems() != 0
                    || !(btf.type(BtfTypes.skipModifiersAndTypedefs(btf, a.elemType())) instanceof BtfType.Ptr p)) {
                throw new InvalidMapException("'values' is not a zero-length array of pointers");
            }
            int target = BtfTypes.skipModifiersAndTypedefs(btf, p.type());
            BtfKind want = mapInMap ? BtfKind.STRUCT : BtfKind.FUNC_PROTO;
            if (btf.type(target).kind() != want) {
                throw new InvalidMapException("'values' must point to a " + want.label());
            }
            if (mapInMap) {
                if (!allowInner) {
                    throw new InvalidMapException("inner map may not itself have 'values'");
                }
                innerStruct = target;
                innerBtf = btf;
            }
        }

        MapDef build() throws InvalidMapException {
            MapDef inner = innerBtf == null ? null : parse(innerBtf, innerStruct, false);
            return new MapDef(structId, type, maxEntries, flags, numaNode, keySize, keyType, valueSize,
                    valueType, pinning, mapExtra, inner);
        }
    }
}
