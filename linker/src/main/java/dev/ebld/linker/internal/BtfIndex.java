package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What the linker needs to look up in one file's BTF, found in a single pass when the file is
 * read: the VAR or FUNC describing each global name, and the name space ({@code .kconfig},
 * {@code .ksyms}, {@code .maps}) of names listed in those DATASECs.
 *
 * @param globals non-static VAR/FUNC name to its first type id
 * @param spaces  name to DATASEC name, for the DATASECs that are name spaces
 */
public record BtfIndex(Map<String, Integer> globals, Map<String, String> spaces) {
    public static final BtfIndex EMPTY = new BtfIndex(Map.of(), Map.of());

    public static BtfIndex of(Btf btf) {
        Map<String, Integer> globals = new HashMap<>();
        Map<String, String> spaces = new HashMap<>();
        for (int id = btf.firstId(); id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (BtfIds.isNonStatic(t)) {
                globals.putIfAbsent(t.name(), id);
            } else if (t.kind() == BtfKind.DATASEC) {
                String space = NameSpaces.spaceOfSection(t.name());
                if (!space.equals(NameSpaces.ORDINARY)) {
                    for (BtfType.VarSecinfo v : ((BtfType.Datasec) t).vars()) {
                        spaces.put(btf.type(v.type()).name(), space);
                    }
                }
            }
        }
        return new BtfIndex(Collections.unmodifiableMap(globals), Collections.unmodifiableMap(spaces));
    }
}
