package dev.ebld.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes the {@code Elf64_Ehdr}; the mirror of {@link ElfHeaderReader}. */
final class ElfHeaderWriter {
    private ElfHeaderWriter() {
    }

    static void write(ByteBuffer buf, ElfObject obj) {
        ElfHeader h = obj.header();
        buf.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        buf.put(ElfHeaderReader.EI_CLASS, (byte) ElfHeaderReader.ELFCLASS64);
        buf.put(ElfHeaderReader.EI_DATA, (byte) (h.byteOrder() == ByteOrder.LITTLE_ENDIAN
                ? ElfHeaderReader.ELFDATA2LSB : ElfHeaderReader.ELFDATA2MSB));
        buf.put(ElfHeaderReader.EI_VERSION, (byte) ElfHeaderReader.EV_CURRENT);
        buf.put(ElfHeaderReader.EI_OSABI, (byte) h.osAbi());
        buf.put(ElfHeaderReader.EI_ABIVERSION, (byte) h.abiVersion());
        buf.putShort(ElfHeaderReader.E_TYPE, (short) h.type());
        buf.putShort(ElfHeaderReader.E_MACHINE, (short) h.machine());
        buf.putInt(ElfHeaderReader.E_VERSION, ElfHeaderReader.EV_CURRENT);
        buf.putLong(ElfHeaderReader.E_ENTRY, h.entry());
        buf.putLong(ElfHeaderReader.E_SHOFF, obj.sectionHeaderOffset());
        buf.putInt(ElfHeaderReader.E_FLAGS, h.flags());
        buf.putShort(ElfHeaderReader.E_EHSIZE, (short) ElfHeader.EHDR_SIZE);
        buf.putShort(ElfHeaderReader.E_SHENTSIZE, (short) ElfHeader.SHDR_SIZE);
        buf.putShort(ElfHeaderReader.E_SHNUM, (short) obj.sections().size());
        buf.putShort(ElfHeaderReader.E_SHSTRNDX, (short) obj.shstrndx());
    }
}
