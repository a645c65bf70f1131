package dev.ebld.btf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Queries over a {@link Btf}: skipping modifiers and typedefs, resolved size and alignment,
 * member layout (bitfields included), lookup by name and kind. Sizes follow the BPF target:
 * pointers are 8 bytes. (The C spelling of a type is {@link dev.ebld.btf.c.Spelling}'s.)
 */
public final class BtfTypes {
    /** Pointer size and largest scalar alignment on the BPF target. */
    public static final int POINTER_SIZE = 8;
    private static final int MAX_NESTING = 1024;
    private static final int MAX_CHAIN = 1 << 16;
    /** What {@link #resolveSize}'s switch yields for a type whose size is that of the type it refers to. */
    private static final long FOLLOW = -1;
    /** What {@link #resolveSize}'s switch yields for a type without size. */
    private static final long NO_SIZE = -2;

    private BtfTypes() {
    }

    /** Follows CONST, VOLATILE, RESTRICT and TYPE_TAG to the first other type. */
    public static int skipModifiers(Btf btf, int id) {
        BtfType t = btf.type(id);
        while (t.kind().isModifier()) {
            id = ((BtfType.Ref) t).type();
            t = btf.type(id);
        }
        return id;
    }

    /**
     * Follows modifiers and TYPEDEFs to the first other type (libbpf's skip_mods_and_typedefs).
     * The reader rejects typedef/modifier loops, but BTF built in code is not checked, so the
     * walk stops after {@link #MAX_CHAIN} links rather than spin on a loop.
     */
    public static int skipModifiersAndTypedefs(Btf btf, int id) {
        for (int i = 0; i < MAX_CHAIN; i++) {
            BtfType t = btf.type(id);
            if (!t.kind().isModifier() && t.kind() != BtfKind.TYPEDEF) {
                return id;
            }
            id = ((BtfType.Ref) t).type();
        }
        return id;
    }

    /**
     * True when the type is of a kind with a size: not void, a function, a prototype, a FWD or a
     * DECL_TAG, after typedefs, modifiers, VARs and arrays. ({@link #resolveSize} also says no to a
     * size past 2^63, which only BTF built in code or corrupted nelems can have.)
     */
    public static boolean hasSize(Btf btf, int id) {
        BtfType t = btf.type(resolveValue(btf, id));
        return switch (t.kind()) {
            case VOID, FUNC, FUNC_PROTO, FWD, DECL_TAG -> false;
            case INT, PTR, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC -> true;
            // resolveValue went past these
            case ARRAY, TYPEDEF, VOLATILE, CONST, RESTRICT, VAR, TYPE_TAG -> true;
        };
    }

    /** Size in bytes, as {@link #resolveSize}; IllegalArgumentException for a type without one. */
    public static long sizeOf(Btf btf, int id) {
        OptionalLong size = resolveSize(btf, id);
        if (size.isEmpty()) {
            throw new IllegalArgumentException(describe(btf, id) + " has no size");
        }
        return size.getAsLong();
    }

    /**
     * Size in bytes following typedefs, modifiers and VARs, arrays multiplied out; empty for a
     * type without one: void, FUNC, FUNC_PROTO, FWD, DECL_TAG, an array of those, and (BTF built
     * in code only, as the reader rejects both) a reference loop or a size past 2^63. The walk of
     * libbpf's {@code btf__resolve_size}, for callers that turn "no size" into an error of their
     * own; unlike libbpf, and like the kernel's {@code btf_resolve_size}, a DECL_TAG has no size
     * rather than its target's (nothing in valid BTF refers to a DECL_TAG). The linker's
     * map-definition checks use libbpf's exact variant instead ({@code compat.ResolvedSize}).
     */
    public static OptionalLong resolveSize(Btf btf, int id) {
        long mult = 1;
        int cur = id;
        // A walk without a loop visits each type at most once.
        for (int i = 0; i < btf.typeCount(); i++) {
            BtfType t = btf.type(cur);
            long size = switch (t.kind()) {
                case INT, ENUM, ENUM64, FLOAT, STRUCT, UNION, DATASEC -> ((BtfType.Sized) t).size() & 0xffffffffL;
                case PTR -> POINTER_SIZE;
                case ARRAY -> {
                    BtfType.Array a = (BtfType.Array) t;
                    mult = product(mult, a.nelems() & 0xffffffffL);
                    cur = a.elemType();
                    yield mult < 0 ? NO_SIZE : FOLLOW;
                }
                case TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG, VAR -> {
                    cur = ((BtfType.Ref) t).type();
                    yield FOLLOW;
                }
                case VOID, FUNC, FUNC_PROTO, FWD, DECL_TAG -> NO_SIZE;
            };
            if (size != FOLLOW) {
                long total = size == NO_SIZE ? NO_SIZE : product(mult, size);
                return total < 0 ? OptionalLong.empty() : OptionalLong.of(total);
            }
        }
        return OptionalLong.empty();
    }

    /** {@code a * b} for non-negative factors, or {@link #NO_SIZE} when it does not fit a long. */
    private static long product(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? NO_SIZE : a * b;
    }

    /**
     * Alignment in bytes, as libbpf computes it: scalars align to their size (at most 8),
     * arrays to their element, composites to their most aligned member, or 1 when the layout
     * shows the struct is packed.
     */
    public static int alignOf(Btf btf, int id) {
        return alignOf(btf, id, 0, null);
    }

    /**
     * {@link #alignOf(Btf, int)} remembering composite alignments in {@code memo} (indexed by
     * id, holding alignment + 1, 0 for not yet known), for callers that ask about many types.
     */
    public static int alignOf(Btf btf, int id, int[] memo) {
        return alignOf(btf, id, 0, memo);
    }

    private static int alignOf(Btf btf, int id, int depth, int[] memo) {
        if (depth > MAX_NESTING) {
            throw new IllegalArgumentException("type [" + id + "] nests more than " + MAX_NESTING + " levels");
        }
        int cur = resolveValue(btf, id);
        BtfType t = btf.type(cur);
        return switch (t.kind()) {
            case INT, ENUM, ENUM64, FLOAT -> (int) Math.max(1, Math.min(sizeOf(btf, cur), POINTER_SIZE));
            case PTR -> POINTER_SIZE;
            case STRUCT, UNION -> memoCompositeAlign(btf, cur, (BtfType.Composite) t, depth, memo);
            case VOID, FUNC, FUNC_PROTO, FWD, DECL_TAG, DATASEC ->
                throw new IllegalArgumentException(describe(btf, id) + " has no alignment");
            // resolveValue went past these
            case ARRAY, TYPEDEF, VOLATILE, CONST, RESTRICT, VAR, TYPE_TAG ->
                throw new IllegalStateException("resolveValue stopped at " + t.kind());
        };
    }

    private static int memoCompositeAlign(Btf btf, int id, BtfType.Composite c, int depth, int[] memo) {
        if (memo != null && memo[id] != 0) {
            return memo[id] - 1;
        }
        int a = compositeAlign(btf, c, depth, memo);
        if (memo != null) {
            memo[id] = a + 1;
        }
        return a;
    }

    private static int compositeAlign(Btf btf, BtfType.Composite c, int depth, int[] memo) {
        int max = 1;
        for (int i = 0; i < c.members().size(); i++) {
            int a = alignOf(btf, c.members().get(i).type(), depth + 1, memo);
            MemberLayout m = memberLayout(btf, c, i);
            if (m.bitfieldSize() == 0 && m.bitOffset() % (8L * a) != 0) {
                return 1; // a member off its natural alignment: the struct is packed
            }
            max = Math.max(max, a);
        }
        if ((c.size() & 0xffffffffL) % max != 0) {
            return 1;
        }
        return max;
    }

    /** Follows typedefs, modifiers, arrays and VARs to the type that decides size and alignment. */
    private static int resolveValue(Btf btf, int id) {
        while (true) {
            BtfType t = btf.type(id);
            int next = switch (t.kind()) {
                case TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG, VAR -> ((BtfType.Ref) t).type();
                case ARRAY -> ((BtfType.Array) t).elemType();
                case VOID, INT, PTR, STRUCT, UNION, ENUM, ENUM64, FWD, FUNC, FUNC_PROTO, DATASEC, FLOAT, DECL_TAG -> -1;
            };
            if (next < 0) {
                return id;
            }
            id = next;
        }
    }

    /**
     * Where member {@code index} lies, in bits from the start of the composite. With kind_flag
     * the member record holds the bitfield size; without it, a bitfield is an INT member whose
     * {@code bits} is narrower than its size, placed {@code offset} bits in (old pahole style).
     */
    public static MemberLayout memberLayout(Btf btf, BtfType.Composite c, int index) {
        BtfType.Member m = c.members().get(index);
        long off = m.bitOffset() & 0xffffffffL;
        if (c.kindFlag()) {
            return new MemberLayout(off, m.bitfieldSize());
        }
        BtfType t = btf.type(skipModifiersAndTypedefs(btf, m.type()));
        if (t instanceof BtfType.IntType i && (i.bits() != (long) i.size() * 8 || i.offset() != 0)) {
            return new MemberLayout(off + i.offset(), i.bits());
        }
        return new MemberLayout(off, 0);
    }

    /** Bit offset of a member and its bitfield width (0 when it is not a bitfield). */
    public record MemberLayout(long bitOffset, int bitfieldSize) {
        public long byteOffset() {
            return bitOffset / 8;
        }

        public boolean isBitfield() {
            return bitfieldSize != 0;
        }
    }

    /** Index of the member named {@code name} in a STRUCT or UNION. */
    public static Optional<Integer> memberIndex(BtfType.Composite c, String name) {
        for (int i = 0; i < c.members().size(); i++) {
            if (c.members().get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Ids of all types with this name and kind, base included, in id order. */
    public static List<Integer> findAll(Btf btf, String name, BtfKind kind) {
        List<Integer> out = new ArrayList<>();
        for (int id : btf.findByName(name)) {
            if (btf.type(id).kind() == kind) {
                out.add(id);
            }
        }
        return out;
    }

    /** {@code type [12] FWD 'foo'}: a type named without its C spelling, which lives in {@code c}. */
    private static String describe(Btf btf, int id) {
        BtfType t = btf.type(id);
        return "type [" + id + "] " + t.kind().label() + (t.name().isEmpty() ? "" : " '" + t.name() + "'");
    }
}
