package dev.ebld.elf;

import java.nio.ByteOrder;

/**
 * The fields of an ELF64 file header that a relocatable BPF object can vary. Section header
 * table position and counts are derived by the writer from the section list.
 *
 * @param byteOrder  from {@code e_ident[EI_DATA]}: ELFDATA2LSB or ELFDATA2MSB
 * @param osAbi      {@code e_ident[EI_OSABI]}
 * @param abiVersion {@code e_ident[EI_ABIVERSION]}
 * @param type       {@code e_type}, {@link #ET_REL} for every object clang emits
 * @param machine    {@code e_machine}, {@link #EM_BPF}
 * @param entry      {@code e_entry}
 * @param flags      {@code e_flags}
 */
public record ElfHeader(ByteOrder byteOrder, int osAbi, int abiVersion, int type, int machine,
                        long entry, int flags) {
    public static final int ET_REL = 1;
    public static final int EM_BPF = 247;
    public static final int EHDR_SIZE = 64;
    public static final int SHDR_SIZE = 64;

    /** A fresh relocatable BPF header in the given byte order. */
    public static ElfHeader relocatable(ByteOrder order) {
        return new ElfHeader(order, 0, 0, ET_REL, EM_BPF, 0, 0);
    }
}
