package dev.ebld.linker.internal;

import dev.ebld.btf.BtfType;

import java.util.Optional;

/** Finds the BTF type describing a global symbol in one file. */
final class BtfIds {
    private BtfIds() {
    }

    /** The non-static VAR or FUNC named {@code name}, if the file has BTF and one. */
    static Optional<Integer> globalVarOrFunc(InputFile f, String name) {
        return Optional.ofNullable(f.btfIndex().globals().get(name));
    }

    /** A VAR or FUNC with global or extern linkage. */
    static boolean isNonStatic(BtfType t) {
        if (t instanceof BtfType.Var v) {
            return v.linkage() != BtfType.Var.STATIC;
        }
        if (t instanceof BtfType.Func fn) {
            return fn.linkage() != BtfType.Func.STATIC;
        }
        return false;
    }
}
