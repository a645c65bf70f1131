package dev.ebld.loader;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.kernel.MapFd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A global variable of a loaded object that another object's extern variable may share
 * (docs/design.md "Dynamic calls"): the defining object's data map and the variable's offset in
 * its value, so the extern becomes a {@code BPF_PSEUDO_MAP_VALUE} of the same bytes. A variable
 * of {@code .rodata} is in a map frozen read-only for programs, so users can only read it.
 *
 * @param varId the variable's VAR in {@code btf}, for the compatibility check
 * @param origin the object it came from, for messages
 */
public record LinkableVariable(String name, MapFd map, int offset, int varId, Btf btf, String origin) {
    public LinkableVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(btf, "btf");
        Objects.requireNonNull(origin, "origin");
    }

    /** The non-static globals of {@code object}, in its created data {@code maps}. */
    static List<LinkableVariable> exported(BpfObject object, Map<String, LoadedMap> maps) {
        List<LinkableVariable> out = new ArrayList<>();
        if (object.btf().isEmpty()) {
            return out;
        }
        Btf b = object.btf().get();
        for (GlobalVar v : object.globals().values()) {
            LoadedMap m = maps.get(v.map());
            int varId = globalVar(b, v.name());
            if (m != null && varId != 0) {
                out.add(new LinkableVariable(v.name(), m.fd(), v.offset(), varId, b, object.name()));
            }
        }
        return out;
    }

    /** The non-static VAR {@code name}, or 0 (statics are not shared, as in a static link). */
    private static int globalVar(Btf b, String name) {
        return b.findByName(name).stream().filter(id -> b.type(id) instanceof BtfType.Var var
                && var.linkage() == BtfType.Var.GLOBAL).findFirst().orElse(0);
    }
}
