package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the linker needs to look up in one file's BTF, found in a single pass when the file is
 * read: the VAR or FUNC describing each global name, and the name space ({@code .kconfig},
 * {@code .ksyms}, {@code .maps}) of names listed in those DATASECs.
 *
 * @param globals non-static VAR/FUNC name to its first type id
 * @param spaces  name to its space, for names listed in the DATASECs that are name spaces
 */
public record BtfIndex(Map<String, Integer> globals, Map<String, NameSpace> spaces) {
    public static final BtfIndex EMPTY = new BtfIndex(Map.of(), Map.of());

    public static BtfIndex of(Btf btf) {
        List<BtfType> types = btf.types();
        Map<String, Integer> globals = new HashMap<>(types.size());
        Map<String, NameSpace> spaces = new HashMap<>();
        for (int i = 0, first = btf.firstId(), n = types.size(); i < n; i++) {
            add(btf, first + i, types.get(i), globals, spaces);
        }
        return new BtfIndex(Collections.unmodifiableMap(globals), Collections.unmodifiableMap(spaces));
    }

    /**
     * Indexes type {@code id}. A method per type rather than a loop body: the reader runs the
     * loop in the interpreter, but this gets compiled after a few hundred calls.
     */
    private static void add(Btf btf, int id, BtfType t, Map<String, Integer> globals, Map<String, NameSpace> spaces) {
        if (BtfIds.isNonStatic(t)) {
            globals.putIfAbsent(t.name(), id);
        } else if (t.kind() == BtfKind.DATASEC) {
            NameSpace space = NameSpace.ofSection(t.name());
            if (space != NameSpace.ORDINARY) {
                for (BtfType.VarSecinfo v : ((BtfType.Datasec) t).vars()) {
                    spaces.put(btf.type(v.type()).name(), space);
                }
            }
        }
    }
}
