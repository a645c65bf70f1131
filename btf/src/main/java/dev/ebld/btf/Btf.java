package dev.ebld.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BTF blob: its types indexed by id, its string section and header. Id 0 is void and is never
 * stored. Split BTF (a kernel module's BTF) sits on top of a base: its ids continue after the
 * base's last id, and string offsets at or past the base's string-section length address its own
 * strings (offset minus that length).
 *
 * <p>Immutable. Instances come from {@link BtfReader}, or from {@link #of} for BTF built in code.
 */
public final class Btf {
    /** Null until first asked for, for BTF built in code: see {@link #of}. */
    private volatile BtfHeader header;
    private final ByteOrder order;
    private final Btf base;
    private final List<BtfType> types;
    private final BtfStrings strings;
    private final int firstId;
    private volatile Map<String, int[]> byName;

    Btf(BtfHeader header, ByteOrder order, Btf base, List<BtfType> types, BtfStrings strings) {
        this.header = header;
        this.order = order;
        this.base = base;
        this.types = Collections.unmodifiableList(new ArrayList<>(types));
        this.strings = strings;
        this.firstId = base == null ? 1 : base.typeCount();
    }

    /**
     * BTF built in code, with the standard layout (header, types, strings). The types' name
     * offsets must address {@code strings}; {@link BtfWriter} computes the section lengths.
     */
    public static Btf of(List<BtfType> types, BtfStrings strings, ByteOrder order, Btf base) {
        // The header waits until someone asks (the writer, usually): summing the type sizes is a
        // pass over every type, wasted on BTF that is only an intermediate (a linker's input to dedup).
        return new Btf(null, order, base, types, strings);
    }

    public BtfHeader header() {
        BtfHeader h = header;
        if (h == null) {
            h = BtfHeader.standard(BtfWriter.typeSectionLength(types), strings.length());
            header = h;
        }
        return h;
    }

    /** Byte order the BTF was read in and is written in. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** The base of split BTF. */
    public Optional<Btf> base() {
        return Optional.ofNullable(base);
    }

    /** This blob's own types; the first has id {@link #firstId()}. */
    public List<BtfType> types() {
        return types;
    }

    public BtfStrings strings() {
        return strings;
    }

    /** Id of the first own type: 1, or the base's {@link #typeCount()} for split BTF. */
    public int firstId() {
        return firstId;
    }

    /** One more than the largest valid id (void and base types included). */
    public int typeCount() {
        return firstId + types.size();
    }

    /** The type with this id; 0 is {@link BtfType.VoidType}. */
    public BtfType type(int id) {
        if (id >= firstId && id < firstId + types.size()) {
            return types.get(id - firstId);
        }
        if (id == 0) {
            return BtfType.VoidType.INSTANCE;
        }
        if (base != null && id > 0 && id < firstId) {
            return base.type(id);
        }
        throw new IllegalArgumentException("type id " + id + " out of range [0, " + typeCount() + ")");
    }

    /** Total length of the string sections: the base's plus this blob's. */
    public int stringsEnd() {
        return (base == null ? 0 : base.stringsEnd()) + strings.length();
    }

    /** The string at {@code off}, looking in the base's section first for split BTF. */
    public String string(int off) {
        int baseLen = base == null ? 0 : base.stringsEnd();
        return off < baseLen ? base.string(off) : strings.at(off - baseLen);
    }

    /** Ids (own and base) of types named {@code name}, in id order. */
    public List<Integer> findByName(String name) {
        List<Integer> out = new ArrayList<>();
        if (base != null) {
            out.addAll(base.findByName(name));
        }
        int[] ids = nameIndex().get(name);
        if (ids != null) {
            for (int id : ids) {
                out.add(id);
            }
        }
        return out;
    }

    /** The first type with this name and kind, own or base. */
    public Optional<Integer> find(String name, BtfKind kind) {
        for (int id : findByName(name)) {
            if (type(id).kind() == kind) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private Map<String, int[]> nameIndex() {
        Map<String, int[]> idx = byName;
        if (idx == null) {
            Map<String, List<Integer>> lists = new HashMap<>();
            for (int i = 0; i < types.size(); i++) {
                String n = types.get(i).name();
                if (!n.isEmpty()) {
                    lists.computeIfAbsent(n, k -> new ArrayList<>(1)).add(firstId + i);
                }
            }
            idx = new HashMap<>(lists.size() * 2);
            for (Map.Entry<String, List<Integer>> e : lists.entrySet()) {
                idx.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            }
            byName = idx;
        }
        return idx;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Btf b && header().equals(b.header()) && order.equals(b.order)
                && types.equals(b.types) && strings.equals(b.strings)
                && java.util.Objects.equals(base, b.base);
    }

    @Override
    public int hashCode() {
        return types.hashCode() * 31 + strings.hashCode();
    }

    @Override
    public String toString() {
        return "Btf[" + types.size() + " types from id " + firstId + ", " + strings.length()
                + " string bytes" + (base == null ? "" : ", split") + "]";
    }
}
