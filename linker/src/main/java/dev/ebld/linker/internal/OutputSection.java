package dev.ebld.linker.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * @param data    the concatenated bytes (padding zero), empty for NOBITS; copied in and out, so
 *                an output section is a value (equality compares contents)
 * @param pieces  input pieces in output order
 */
public record OutputSection(int id, String name, int type, long flags, long entsize, long align,
                            long size, byte[] data, List<Piece> pieces) {

    public OutputSection {
        data = data.clone();
        pieces = List.copyOf(pieces);
    }

    /** A copy of the bytes: relocation starts from it and changes it. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputSection s && id == s.id && name.equals(s.name) && type == s.type
                && flags == s.flags && entsize == s.entsize && align == s.align && size == s.size
                && Arrays.equals(data, s.data) && pieces.equals(s.pieces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, type, flags, entsize, align, size, Arrays.hashCode(data), pieces);
    }

    @Override
    public String toString() {
        return "OutputSection[" + id + " " + name + ", " + size + " bytes, " + pieces.size() + " pieces]";
    }

    public int elfIndex() {
        return id + 1;
    }

    public boolean isExecutable() {
        return (flags & dev.ebld.elf.SectionType.SHF_EXECINSTR) != 0;
    }
}
