package dev.ebld.cli;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.Global;
import dev.ebld.loader.GlobalVar;
import dev.ebld.loader.LoadedObject;
import java.io.PrintWriter;
import java.util.HexFormat;

/**
 * An object's globals by name, read from the kernel's copy of their data maps: integers and
 * enums as numbers (signed or not as BTF says), anything else as hex bytes.
 */
final class GlobalsView {
    private GlobalsView() {
    }

    static void print(PrintWriter out, LoadedObject loaded) {
        Btf btf = loaded.object().btf().orElse(null);
        for (GlobalVar v : loaded.object().globals().values()) {
            Global g = loaded.global(v.name());
            String value = btf != null && isNumber(btf, v.typeId()) && v.size() <= 8
                    ? number(g, btf, v.typeId())
                    : HexFormat.ofDelimiter(" ").formatHex(g.bytes());
            out.printf("%s %s = %s%n", v.map(), v.name(), value);
        }
    }

    private static String number(Global g, Btf btf, int typeId) {
        long x = g.getLong();
        BtfType t = btf.type(resolve(btf, typeId));
        boolean signed = t instanceof BtfType.IntType i ? i.signed()
                : t instanceof BtfType.EnumType e ? e.signed()
                : t instanceof BtfType.Enum64Type e64 && e64.signed();
        return signed ? Long.toString(x) : Long.toUnsignedString(x);
    }

    private static boolean isNumber(Btf btf, int typeId) {
        BtfType t = btf.type(resolve(btf, typeId));
        return t instanceof BtfType.IntType || t instanceof BtfType.EnumType || t instanceof BtfType.Enum64Type;
    }

    /** Skips const, volatile, restrict, type tags and typedefs. */
    private static int resolve(Btf btf, int id) {
        for (int i = 0; i < 32; i++) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.Const c) {
                id = c.type();
            } else if (t instanceof BtfType.Volatile v) {
                id = v.type();
            } else if (t instanceof BtfType.Restrict r) {
                id = r.type();
            } else if (t instanceof BtfType.Typedef d) {
                id = d.type();
            } else if (t instanceof BtfType.TypeTag tt) {
                id = tt.type();
            } else {
                return id;
            }
        }
        return id;
    }
}
