package dev.ebld.loader.internal;

/**
 * An undefined symbol libbpf resolves at load ({@code struct extern_desc}): a {@code .kconfig}
 * value the loader writes into the kconfig map, a {@code .ksyms} kernel symbol, or (ebld) an
 * extern function in no section that the static linker left undefined, resolved against the
 * other objects of the load, loaded libraries, then kernel symbols (see {@link LinkedExterns}).
 *
 * @param btfId the VAR or FUNC in the object's BTF
 * @param kcfgType for kconfig externs, how the value is typed; null for ksyms
 * @param size kconfig value size in bytes
 * @param align kconfig value alignment
 * @param offset kconfig value offset in the kconfig map (after layout)
 * @param func a ksym that is a function (kfunc)
 * @param typed a ksym variable with a type (resolved by BTF id), rather than {@code void}
 * @param localType the VAR's type or the FUNC's prototype as the object declares it (kept
 *     here because the BTF sent to the kernel turns ksym variables into ints)
 */
public record Extern(String name, Kind kind, boolean weak, int btfId, KcfgType kcfgType, int size,
        int align, int offset, boolean func, boolean typed, int index, int localType) {

    /** {@code enum extern_type}, in libbpf's sort order; LINKED is ebld's, last. */
    public enum Kind { KCONFIG, KSYM, LINKED }

    /** {@code enum kcfg_type}. */
    public enum KcfgType { BOOL, TRISTATE, CHAR, INT, CHAR_ARRAY }

    Extern at(int newOffset, int newIndex) {
        return new Extern(name, kind, weak, btfId, kcfgType, size, align, newOffset, func, typed, newIndex,
                localType);
    }
}
