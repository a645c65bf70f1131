package dev.ebld.elf;

import java.nio.ByteBuffer;

/** Encodes section contents and {@code Elf64_Shdr}s; the mirror of {@link TableDecoder}. */
final class SectionEncoder {
    private SectionEncoder() {
    }

    static void writeHeader(ByteBuffer buf, long at, Section s) {
        int p = (int) at;
        buf.putInt(p + RawSection.SH_NAME, s.nameOffset());
        buf.putInt(p + RawSection.SH_TYPE, s.type());
        buf.putLong(p + RawSection.SH_FLAGS, s.flags());
        buf.putLong(p + RawSection.SH_ADDR, s.addr());
        buf.putLong(p + RawSection.SH_OFFSET, s.fileOffset());
        buf.putLong(p + RawSection.SH_SIZE, s.size());
        buf.putInt(p + RawSection.SH_LINK, s.link());
        buf.putInt(p + RawSection.SH_INFO, s.info());
        buf.putLong(p + RawSection.SH_ADDRALIGN, s.addralign());
        buf.putLong(p + RawSection.SH_ENTSIZE, s.entsize());
    }

    static void writeContent(ByteBuffer buf, Section s) {
        int p = (int) s.fileOffset();
        SectionContent c = s.content();
        if (c instanceof SectionContent.Bytes b) {
            buf.put(p, b.data());
        } else if (c instanceof SectionContent.Symbols syms) {
            for (ElfSymbol sym : syms.symbols()) {
                writeSymbol(buf, p, sym);
                p += ElfSymbol.ENTRY_SIZE;
            }
        } else if (c instanceof SectionContent.Relocations rels) {
            for (Relocation r : rels.relocations()) {
                writeRelocation(buf, p, r, rels.rela());
                p += rels.rela() ? Relocation.RELA_SIZE : Relocation.REL_SIZE;
            }
        }
        // NoBits: nothing in the file.
    }

    private static void writeSymbol(ByteBuffer buf, int p, ElfSymbol sym) {
        buf.putInt(p, sym.nameOffset());
        buf.put(p + 4, (byte) sym.info());
        buf.put(p + 5, (byte) sym.other());
        buf.putShort(p + 6, (short) sym.shndx());
        buf.putLong(p + 8, sym.value());
        buf.putLong(p + 16, sym.size());
    }

    private static void writeRelocation(ByteBuffer buf, int p, Relocation r, boolean rela) {
        buf.putLong(p, r.offset());
        buf.putLong(p + 8, ((long) r.symbolIndex() << 32) | Integer.toUnsignedLong(r.type()));
        if (rela) {
            buf.putLong(p + 16, r.addend());
        }
    }
}
