package dev.ebld.cli;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.Global;
import dev.ebld.loader.GlobalVar;
import dev.ebld.loader.LoadedObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An object's globals by name, read from the kernel's copy of their data maps: integers and
 * enums as numbers (signed or not as BTF says), anything else as hex bytes.
 */
public final class GlobalsView {
    private GlobalsView() {
    }

    static void print(PrintWriter out, LoadedObject loaded) {
        for (String line : lines(loaded)) {
            out.println(line);
        }
    }

    /**
     * One line per global, {@code MAP NAME = VALUE}, in the object's order
     * ({@link BpfObject#globals}: by data map, then by offset).
     */
    public static List<String> lines(LoadedObject loaded) {
        Btf btf = loaded.object().btf().orElse(null);
        List<String> out = new ArrayList<>();
        for (GlobalVar v : loaded.object().globals().values()) {
            Global g = loaded.global(v.name());
            String value = btf != null && isNumber(btf, v.typeId()) && v.size() <= 8
                    ? number(g, btf, v.typeId())
                    : HexFormat.ofDelimiter(" ").formatHex(g.bytes());
            out.add(v.map() + " " + v.name() + " = " + value);
        }
        return out;
    }

    private static String number(Global g, Btf btf, int typeId) {
        long x = g.getLong();
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, typeId));
        boolean signed = t instanceof BtfType.IntType i ? i.signed()
                : t instanceof BtfType.EnumType e ? e.signed()
                : t instanceof BtfType.Enum64Type e64 && e64.signed();
        return signed ? Long.toString(x) : Long.toUnsignedString(x);
    }

    private static boolean isNumber(Btf btf, int typeId) {
        BtfType t = btf.type(BtfTypes.skipModifiersAndTypedefs(btf, typeId));
        return t instanceof BtfType.IntType || t instanceof BtfType.EnumType || t instanceof BtfType.Enum64Type;
    }
}
