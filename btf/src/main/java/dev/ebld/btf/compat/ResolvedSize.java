package dev.ebld.btf.compat;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;

/**
 * The byte size of a type as libbpf's {@code btf__resolve_size} computes it: typedefs, modifiers
 * and variables are followed, arrays multiply, pointers are 8 bytes (BPF is 64-bit), and
 * types without a size (void, forward declarations, functions) give -1.
 *
 * <p>Not {@link BtfTypes#sizeOf}: that one throws for sizeless types and allows any product,
 * while this follows DECL_TAG too and answers -1 once an array product passes u32, as libbpf
 * does; the linker's map-definition checks need libbpf's answer, messages included.
 */
final class ResolvedSize {
    private static final int MAX_CHAIN = 1 << 16;

    private ResolvedSize() {
    }

    static long size(Btf btf, int id) {
        long multiplier = 1;
        for (int i = 0; i < MAX_CHAIN; i++) {
            BtfType t = btf.type(id);
            switch (t.kind()) {
                case INT: case FLOAT: case ENUM: case ENUM64: case STRUCT: case UNION: case DATASEC:
                    return multiplier * ((BtfType.Sized) t).size();
                case PTR: return multiplier * 8;
                case TYPEDEF: case CONST: case VOLATILE: case RESTRICT: case TYPE_TAG: case VAR: case DECL_TAG:
                    id = ((BtfType.Ref) t).type();
                    break;
                case ARRAY: {
                    BtfType.Array a = (BtfType.Array) t;
                    multiplier *= Integer.toUnsignedLong(a.nelems());
                    if (multiplier > 0xffffffffL) {
                        return -1;
                    }
                    id = a.elemType();
                    break;
                }
                case VOID: case FWD: case FUNC: case FUNC_PROTO:
                    return -1;
                default:
                    throw new IllegalStateException("unhandled kind " + t.kind());
            }
        }
        return -1;
    }
}
