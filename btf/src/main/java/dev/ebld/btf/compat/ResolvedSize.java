package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

/**
 * The byte size of a type as libbpf's {@code btf__resolve_size} computes it: typedefs, modifiers
 * and variables are followed, arrays multiply, pointers are 8 bytes (BPF is 64-bit), and
 * types without a size (void, forward declarations, functions) give -1.
 *
 * <p>Not {@link dev.ebld.btf.BtfTypes#resolveSize}, the kernel-flavoured walk the rest of the
 * project uses: that one gives DECL_TAG no size and stops only past 2^63, while this follows
 * DECL_TAG and answers -1 once an array product passes u32, as libbpf does; the linker's
 * map-definition checks need libbpf's answer, messages included.
 */
final class ResolvedSize {
    private static final int MAX_CHAIN = 1 << 16;
    /** What the walk's switch yields: the type has a size of its own, or none can be given. */
    private static final int SIZED = -1;
    private static final int NO_SIZE = -2;

    private ResolvedSize() {
    }

    static long size(Btf btf, int id) {
        long multiplier = 1;
        for (int i = 0; i < MAX_CHAIN; i++) {
            BtfType t = btf.type(id);
            int next = switch (t.kind()) {
                case INT, FLOAT, ENUM, ENUM64, STRUCT, UNION, DATASEC, PTR -> SIZED;
                case TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG, VAR, DECL_TAG -> ((BtfType.Ref) t).type();
                case ARRAY -> {
                    BtfType.Array a = (BtfType.Array) t;
                    multiplier *= Integer.toUnsignedLong(a.nelems());
                    yield multiplier > 0xffffffffL ? NO_SIZE : a.elemType();
                }
                case VOID, FWD, FUNC, FUNC_PROTO -> NO_SIZE;
            };
            if (next == NO_SIZE) {
                return -1;
            }
            if (next == SIZED) {
                return multiplier * (t.kind() == BtfKind.PTR ? 8 : ((BtfType.Sized) t).size());
            }
            id = next;
        }
        return -1;
    }
}
