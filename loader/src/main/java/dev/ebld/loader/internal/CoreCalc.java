package dev.ebld.loader.internal;

import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import java.nio.ByteOrder;

/**
 * The value a CO-RE relocation gives in one spec, after libbpf's {@code bpf_core_calc_field_relo},
 * {@code bpf_core_calc_type_relo} and {@code bpf_core_calc_enumval_relo}. A null spec means no
 * candidate matched: existence relocations give 0, type relocations 0, the rest ask for the
 * instruction to be poisoned.
 */
final class CoreCalc {

    /**
     * @param size the field's byte size, for adjusting a load or store (0 when not applicable)
     * @param typeId the field's type, stripped, for checking that adjustment
     * @param validate whether the compiler's value must equal the local one (false for
     *     bitfield aspects the compiler may compute differently)
     */
    record Res(long value, int size, int typeId, boolean poison, boolean validate) {
        static Res of(long value) {
            return new Res(value, 0, 0, false, true);
        }

        static final Res POISON = new Res(0, 0, 0, true, false);
    }

    private CoreCalc() {
    }

    static Res calc(CoreKind kind, CoreSpec spec, ByteOrder order) {
        if (kind.fieldBased()) {
            return field(kind, spec, order);
        }
        if (kind.typeBased()) {
            return type(kind, spec);
        }
        return enumval(kind, spec);
    }

    private static Res field(CoreKind kind, CoreSpec spec, ByteOrder order) {
        if (kind == CoreKind.FIELD_EXISTS) {
            return Res.of(spec != null ? 1 : 0);
        }
        if (spec == null) {
            return Res.POISON;
        }
        CoreSpec.Accessor acc = spec.last();
        if (acc.name() == null) {
            return arrayElement(kind, spec, acc);
        }
        BtfType.Composite t = (BtfType.Composite) spec.btf().type(acc.typeId());
        BtfType.Member m = t.members().get(acc.idx());
        int fieldType = BtfTypes.skipModifiersAndTypedefs(spec.btf(), m.type());
        BtfType mt = spec.btf().type(fieldType);
        long bitOff = spec.bitOffset();
        long bitSz = m.bitfieldSize();
        boolean bitfield = bitSz > 0;
        long byteSz;
        long byteOff;
        if (bitfield) {
            byteSz = bitfieldLoadSize(bitOff, bitSz, ((BtfType.Sized) mt).size());
            byteOff = bitOff / 8 / byteSz * byteSz;
        } else {
            byteSz = BtfTypes.sizeOf(spec.btf(), fieldType);
            byteOff = bitOff / 8;
            bitSz = byteSz * 8;
        }
        return switch (kind) {
            case FIELD_BYTE_OFFSET -> new Res(byteOff, bitfield ? 0 : (int) byteSz,
                    bitfield ? 0 : fieldType, false, !bitfield);
            case FIELD_BYTE_SIZE -> new Res(byteSz, 0, 0, false, !bitfield);
            case FIELD_SIGNED -> Res.of(signed(mt) ? 1 : 0);
            case FIELD_LSHIFT_U64 -> new Res(order == ByteOrder.LITTLE_ENDIAN
                    ? 64 - (bitOff + bitSz - byteOff * 8)
                    : (8 - byteSz) * 8 + (bitOff - byteOff * 8), 0, 0, false, !bitfield);
            case FIELD_RSHIFT_U64 -> Res.of(64 - bitSz);
            case FIELD_EXISTS -> Res.of(1); // answered above; a spec exists here
            case TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, TYPE_MATCHES, ENUMVAL_EXISTS,
                    ENUMVAL_VALUE -> throw new IllegalStateException(kind + " is not a field relocation");
        };
    }

    /** An array element spec: only its byte offset and size can be asked, as in libbpf. */
    private static Res arrayElement(CoreKind kind, CoreSpec spec, CoreSpec.Accessor acc) {
        int sz = (int) BtfTypes.sizeOf(spec.btf(), acc.typeId());
        return switch (kind) {
            case FIELD_BYTE_OFFSET -> new Res(spec.bitOffset() / 8, sz, acc.typeId(), false, true);
            case FIELD_BYTE_SIZE -> Res.of(sz);
            case FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64, FIELD_RSHIFT_U64, TYPE_ID_LOCAL,
                    TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, TYPE_MATCHES, ENUMVAL_EXISTS, ENUMVAL_VALUE ->
                    throw new IllegalArgumentException("relocation kind " + kind
                            + " can't be applied to array access");
        };
    }

    /**
     * The smallest load, starting from the field type's size and doubling as libbpf widens it,
     * whose aligned window holds the whole bitfield.
     */
    private static long bitfieldLoadSize(long bitOff, long bitSz, long typeSize) {
        long byteSz = typeSize;
        while (bitOff + bitSz - bitOff / 8 / byteSz * byteSz * 8 > byteSz * 8) {
            if (byteSz >= 8) {
                throw new IllegalArgumentException("bitfield can't be read with a 64-bit load");
            }
            byteSz *= 2;
        }
        return byteSz;
    }

    private static boolean signed(BtfType mt) {
        if (mt.kind() == BtfKind.ENUM || mt.kind() == BtfKind.ENUM64) {
            return mt.kindFlag();
        }
        return mt instanceof BtfType.IntType i && i.signed();
    }

    private static Res type(CoreKind kind, CoreSpec spec) {
        if (spec == null) {
            return Res.of(0);
        }
        return switch (kind) {
            case TYPE_ID_LOCAL, TYPE_ID_TARGET -> Res.of(spec.rootId());
            case TYPE_EXISTS, TYPE_MATCHES -> Res.of(1);
            case TYPE_SIZE -> Res.of(BtfTypes.sizeOf(spec.btf(), spec.rootId()));
            case FIELD_BYTE_OFFSET, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64,
                    FIELD_RSHIFT_U64, ENUMVAL_EXISTS, ENUMVAL_VALUE ->
                    throw new IllegalStateException(kind + " is not a type relocation");
        };
    }

    private static Res enumval(CoreKind kind, CoreSpec spec) {
        if (kind == CoreKind.ENUMVAL_EXISTS) {
            return Res.of(spec != null ? 1 : 0);
        }
        if (spec == null) {
            return Res.POISON;
        }
        CoreSpec.Accessor a = spec.accessors().get(0);
        BtfType t = spec.btf().type(a.typeId());
        if (t instanceof BtfType.EnumType e) {
            return Res.of(e.values().get(a.idx()).value());
        }
        return Res.of(((BtfType.Enum64Type) t).values().get(a.idx()).value());
    }
}
