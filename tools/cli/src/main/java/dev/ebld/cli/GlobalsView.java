package dev.ebld.cli;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.loader.BpfMap;
import dev.ebld.loader.BpfObject;
import dev.ebld.loader.Global;
import dev.ebld.loader.GlobalVar;
import dev.ebld.loader.LoadedObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

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
     * One line per global, {@code MAP NAME = VALUE}, in the object's order: by data map as the
     * object lists its maps, then by offset. (The object's map of globals has no order of its
     * own, and would print differently from one JVM to the next.)
     */
    public static List<String> lines(LoadedObject loaded) {
        Btf btf = loaded.object().btf().orElse(null);
        List<String> out = new ArrayList<>();
        for (GlobalVar v : inObjectOrder(loaded.object())) {
            Global g = loaded.global(v.name());
            String value = btf != null && isNumber(btf, v.typeId()) && v.size() <= 8
                    ? number(g, btf, v.typeId())
                    : HexFormat.ofDelimiter(" ").formatHex(g.bytes());
            out.add(v.map() + " " + v.name() + " = " + value);
        }
        return out;
    }

    private static List<GlobalVar> inObjectOrder(BpfObject object) {
        List<String> maps = object.maps().stream().map(BpfMap::name).collect(Collectors.toList());
        List<GlobalVar> vars = new ArrayList<>(object.globals().values());
        vars.sort(Comparator.comparingInt((GlobalVar v) -> maps.indexOf(v.map())).thenComparingInt(GlobalVar::offset)
                .thenComparing(GlobalVar::name));
        return vars;
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
