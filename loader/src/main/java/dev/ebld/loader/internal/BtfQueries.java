package dev.ebld.loader.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;

/**
 * The few BTF questions the loader asks that {@link BtfTypes} does not answer: whether an integer
 * type is signed, and a CO-RE name's essential part. (Sizes, libbpf's {@code btf__resolve_size},
 * are {@link BtfTypes#resolveSize} and {@link BtfTypes#sizeOf}.)
 */
public final class BtfQueries {
    private BtfQueries() {
    }

    /** Whether {@code id} resolves to a signed INT or a signed ENUM/ENUM64. */
    public static boolean isSigned(Btf btf, int id) {
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, id));
        if (t instanceof BtfType.IntType i) {
            return i.signed();
        }
        if (t instanceof BtfType.EnumType e) {
            return e.signed();
        }
        if (t instanceof BtfType.Enum64Type e) {
            return e.signed();
        }
        return false;
    }

    /** The name with a {@code ___flavor} suffix removed, as libbpf's {@code bpf_core_essential_name_len}. */
    public static String essentialName(String name) {
        int n = name.length();
        // X___Y where X and Y are not underscores; the last such separator wins.
        for (int i = n - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.startsWith("___", i + 1) && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }
}
