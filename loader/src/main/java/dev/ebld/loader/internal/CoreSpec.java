package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A CO-RE access spec: what a relocation's access string ({@code "0:1:2"}) means in one BTF,
 * after libbpf's {@code bpf_core_parse_spec} (local side) and {@code bpf_core_spec_match}
 * (candidate side).
 *
 * <p>A field spec is a chain of accessors from a root type: the first indexes through the root
 * pointer ({@code ptr[0]}), each next one picks a named member of a struct or union (anonymous
 * members are walked through but leave no accessor) or an element of an array. Matching a
 * candidate follows the local chain by member <em>name</em> in the target type, descending into
 * anonymous members, and needs the fields' types to be compatible; the target spec's
 * {@code bitOffset} is then where the field really is. Type specs hold only the root; enum specs
 * the enumerator.
 *
 * @param btf the BTF the spec is in
 * @param rootId the root type (not stripped of modifiers)
 * @param accessors the named accessors (index 0 is the root's)
 * @param bitOffset for field specs, the field's offset in bits from the root
 */
record CoreSpec(Btf btf, int rootId, List<Accessor> accessors, long bitOffset) {

    /** One step: in {@code typeId} (a composite, an array element type or an enum), index {@code idx}. */
    record Accessor(int typeId, int idx, String name) {
    }

    Accessor last() {
        return accessors.get(accessors.size() - 1);
    }

    /** Parses {@code access} against local type {@code rootId}; empty with a reason on error. */
    static CoreSpec parse(Btf btf, int rootId, String access, CoreKind kind) {
        String[] parts = access.split(":");
        int[] raw = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            raw[i] = Integer.parseInt(parts[i]);
        }
        if (kind.typeBased()) {
            if (raw.length != 1 || raw[0] != 0) {
                throw new IllegalArgumentException("type relocation access string must be \"0\", not " + access);
            }
            return new CoreSpec(btf, rootId, List.of(new Accessor(rootId, 0, null)), 0);
        }
        int id = BtfTypes.skipModifiersAndTypedefs(btf, rootId);
        BtfType t = btf.type(id);
        if (kind.enumBased()) {
            String name = enumeratorName(t, raw[0]);
            if (raw.length != 1 || name == null) {
                throw new IllegalArgumentException("bad enum access " + access + " on " + t.kind().label());
            }
            return new CoreSpec(btf, rootId, List.of(new Accessor(id, raw[0], name)), 0);
        }
        return parseField(btf, rootId, id, raw);
    }

    private static CoreSpec parseField(Btf btf, int rootId, int id, int[] raw) {
        List<Accessor> acc = new ArrayList<>();
        long size = BtfTypes.resolveSize(btf, id).orElseThrow(
                () -> new IllegalArgumentException("field relocation on a type without size"));
        long bitOff = raw[0] * size * 8;
        acc.add(new Accessor(id, raw[0], null));
        for (int i = 1; i < raw.length; i++) {
            id = BtfTypes.skipModifiersAndTypedefs(btf, id);
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Composite c) {
                if (raw[i] >= c.members().size()) {
                    throw new IllegalArgumentException("member index " + raw[i] + " out of range");
                }
                BtfType.Member m = c.members().get(raw[i]);
                bitOff += m.bitOffset();
                if (!m.name().isEmpty()) {
                    acc.add(new Accessor(id, raw[i], m.name()));
                }
                id = m.type();
            } else if (t instanceof BtfType.Array a) {
                id = BtfTypes.skipModifiersAndTypedefs(btf, a.elemType());
                acc.add(new Accessor(id, raw[i], null));
                bitOff += raw[i] * BtfTypes.sizeOf(btf, id) * 8;
            } else {
                throw new IllegalArgumentException("access through " + t.kind().label());
            }
        }
        return new CoreSpec(btf, rootId, acc, bitOff);
    }

    static String enumeratorName(BtfType t, int idx) {
        if (t instanceof BtfType.EnumType e && idx < e.values().size()) {
            return e.values().get(idx).name();
        }
        if (t instanceof BtfType.Enum64Type e && idx < e.values().size()) {
            return e.values().get(idx).name();
        }
        return null;
    }

    /** The candidate's field spec if the local chain exists there with compatible types. */
    Optional<CoreSpec> matchField(Btf targ, int candId) {
        Accessor a0 = accessors.get(0);
        OptionalLong size = BtfTypes.resolveSize(targ, candId);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        Walk w = new Walk(targ);
        w.acc.add(new Accessor(candId, a0.idx(), null));
        w.bitOff = a0.idx() * size.getAsLong() * 8;
        int targId = candId;
        for (int i = 1; i < accessors.size(); i++) {
            Accessor la = accessors.get(i);
            if (la.name() != null) {
                int[] next = new int[1];
                if (!w.matchMember(btf, la, targId, next)) {
                    return Optional.empty();
                }
                targId = next[0];
            } else {
                int aid = BtfTypes.skipModifiersAndTypedefs(targ, targId);
                if (!(targ.type(aid) instanceof BtfType.Array arr)) {
                    return Optional.empty();
                }
                boolean flex = arr.nelems() == 0;
                if (!flex && Integer.compareUnsigned(la.idx(), arr.nelems()) >= 0) {
                    return Optional.empty();
                }
                targId = BtfTypes.skipModifiersAndTypedefs(targ, arr.elemType());
                w.acc.add(new Accessor(targId, la.idx(), null));
                w.bitOff += la.idx() * BtfTypes.sizeOf(targ, targId) * 8;
            }
        }
        return Optional.of(new CoreSpec(targ, candId, w.acc, w.bitOff));
    }

    /** The candidate's enum spec if it has an enumerator with the same essential name. */
    Optional<CoreSpec> matchEnum(Btf targ, int candId) {
        Accessor la = accessors.get(0);
        String want = BtfQueries.essentialName(la.name());
        BtfType t = targ.type(BtfTypes.skipModifiersAndTypedefs(targ, candId));
        for (int i = 0; ; i++) {
            String n = enumeratorName(t, i);
            if (n == null) {
                return Optional.empty();
            }
            if (!n.isEmpty() && BtfQueries.essentialName(n).equals(want)) {
                return Optional.of(new CoreSpec(targ, candId, List.of(new Accessor(
                        BtfTypes.skipModifiersAndTypedefs(targ, candId), i, n)), 0));
            }
        }
    }

    /** A target-side walk in progress: accessors and bit offset so far. */
    private static final class Walk {
        final Btf targ;
        final List<Accessor> acc = new ArrayList<>();
        long bitOff;

        Walk(Btf targ) {
            this.targ = targ;
        }

        /** libbpf's {@code bpf_core_match_member}: by name, through anonymous members. */
        boolean matchMember(Btf local, Accessor la, int targId, int[] next) {
            BtfType.Composite lc = (BtfType.Composite) local.type(la.typeId());
            BtfType.Member lm = lc.members().get(la.idx());
            int tid = BtfTypes.skipModifiersAndTypedefs(targ, targId);
            if (!(targ.type(tid) instanceof BtfType.Composite tc)) {
                return false;
            }
            for (int i = 0; i < tc.members().size(); i++) {
                BtfType.Member m = tc.members().get(i);
                bitOff += m.bitOffset();
                if (m.name().isEmpty()) {
                    if (matchMember(local, la, m.type(), next)) {
                        return true;
                    }
                } else if (m.name().equals(lm.name())) {
                    if (CoreTypes.fieldsCompatible(local, lm.type(), targ, m.type())) {
                        acc.add(new Accessor(tid, i, m.name()));
                        next[0] = m.type();
                        return true;
                    }
                    bitOff -= m.bitOffset();
                    return false;
                }
                bitOff -= m.bitOffset();
            }
            return false;
        }
    }

    static boolean isEnum(BtfType t) {
        return t.kind() == BtfKind.ENUM || t.kind() == BtfKind.ENUM64;
    }
}
