package dev.ebld.btf;

/**
 * The two BTF encodings a reader can find fault with, named as their ELF sections. A raw BTF file
 * ({@code /sys/kernel/btf/vmlinux}) is one whole {@code .BTF} section without the ELF around it,
 * so its problems are {@link #BTF} ones with offsets from the start of the file.
 */
public enum BtfSection {
    /** Types and strings: {@code .BTF}, or a raw BTF file. */
    BTF(BtfFiles.BTF_SECTION),
    /** Per-instruction func_info, line_info and CO-RE relocations, read against a {@code .BTF}. */
    BTF_EXT(BtfFiles.BTF_EXT_SECTION);

    private final String sectionName;

    BtfSection(String sectionName) {
        this.sectionName = sectionName;
    }

    /** The ELF section name: {@code .BTF} or {@code .BTF.ext}. */
    public String sectionName() {
        return sectionName;
    }
}
