package dev.ebld.linker.internal;

import java.util.List;

/**
 * One output section after layout.
 *
 * @param id      position among output content sections; its ELF index is {@code id + 1}
 * @param name    section name shared by all its inputs
 * @param type    {@code sh_type}, PROGBITS or NOBITS
 * @param flags   {@code sh_flags}
 * @param entsize {@code sh_entsize}
 * @param align   the largest input alignment
 * @param size    total size including alignment padding
 * @param data    the concatenated bytes (padding zero), empty for NOBITS; not to be mutated
 * @param pieces  input pieces in output order
 */
public record OutputSection(int id, String name, int type, long flags, long entsize, long align,
                            long size, byte[] data, List<Piece> pieces) {

    public OutputSection {
        pieces = List.copyOf(pieces);
    }

    public int elfIndex() {
        return id + 1;
    }

    public boolean isExecutable() {
        return (flags & dev.ebld.elf.SectionType.SHF_EXECINSTR) != 0;
    }
}
