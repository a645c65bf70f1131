package dev.ebld.btf.c;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.HashMap;
import java.util.Map;

/**
 * Unique C names for the C dump. BTF may hold two different {@code struct foo} (from different
 * compilation units), an enum and a struct with the same tag, or one enumerator name in two
 * enums; C allows none of these in one file. As bpftool does, the first type to claim a name
 * keeps it and later ones get {@code name___2}, {@code name___3}, ...
 *
 * <p>Tags (struct, union, enum) and ordinary identifiers (typedef names, enumerators) are
 * separate C namespaces. A FWD takes the name of a struct or union of its kind with the same
 * name, so its forward declaration and that definition name the same type.
 */
final class UniqueNames {
    private final Btf btf;
    private final String[] typeNames;
    private final Map<Long, String> enumeratorNames = new HashMap<>();

    UniqueNames(Btf btf) {
        this.btf = btf;
        this.typeNames = new String[btf.typeCount()];
        Map<String, String> tagOwner = new HashMap<>();
        Map<String, Integer> tagCount = new HashMap<>();
        Map<String, Integer> identCount = new HashMap<>();
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (t.kind().isComposite() && !t.name().isEmpty()) {
                typeNames[id] = claim(t.name(), tagCount);
                tagOwner.putIfAbsent(t.name(), t.kind() == BtfKind.STRUCT ? "struct" : "union");
            }
        }
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if ((t.kind() == BtfKind.ENUM || t.kind() == BtfKind.ENUM64) && !t.name().isEmpty()) {
                typeNames[id] = claim(t.name(), tagCount);
            } else if (t.kind() == BtfKind.TYPEDEF) {
                typeNames[id] = claim(t.name(), identCount);
            }
        }
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (t.kind() == BtfKind.FWD) {
                String kind = t.kindFlag() ? "union" : "struct";
                typeNames[id] = kind.equals(tagOwner.get(t.name())) ? t.name() : claim(t.name(), tagCount);
            }
        }
        nameEnumerators(identCount);
    }

    private void nameEnumerators(Map<String, Integer> identCount) {
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (t instanceof BtfType.EnumType e) {
                for (int i = 0; i < e.values().size(); i++) {
                    enumeratorNames.put(key(id, i), claim(e.values().get(i).name(), identCount));
                }
            } else if (t instanceof BtfType.Enum64Type e) {
                for (int i = 0; i < e.values().size(); i++) {
                    enumeratorNames.put(key(id, i), claim(e.values().get(i).name(), identCount));
                }
            }
        }
    }

    private static long key(int id, int index) {
        return ((long) id << 20) | index;
    }

    private static String claim(String name, Map<String, Integer> counts) {
        int n = counts.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + "___" + n;
    }

    /** The unique name of a named struct, union, enum, FWD or typedef. */
    String of(int id) {
        String n = typeNames[id];
        return n != null ? n : btf.type(id).name();
    }

    /** The unique name of enumerator {@code index} of enum {@code id}. */
    String enumerator(int id, int index) {
        return enumeratorNames.get(key(id, index));
    }
}
