package dev.ebld.elf;

import dev.ebld.bytes.FixedWidth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

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

    /**
     * Writes the content at its file offset into {@code out}, which is still all zeros there;
     * returns the number of bytes the content takes in the file.
     */
    static int writeContent(byte[] out, ByteOrder order, Section s) {
        int p = (int) s.fileOffset();
        SectionContent c = s.content();
        return switch (c.kind()) {
            case BYTES -> {
                ByteView b = ((SectionContent.Bytes) c).data();
                b.copyTo(0, out, p, b.length());
                yield b.length();
            }
            case SYMBOLS -> writeSymbols(out, p, order, ((SectionContent.Symbols) c).symbols());
            case RELOCATIONS -> writeRelocations(out, p, order, (SectionContent.Relocations) c);
            case NO_BITS -> 0; // nothing in the file
            case UNREAD -> throw new IllegalArgumentException(s.label() + " was not read (the reader"
                    + " was asked to skip its content), so the object cannot be written");
        };
    }

    private static int writeSymbols(byte[] out, int start, ByteOrder order, List<ElfSymbol> list) {
        int p = start;
        for (int i = 0; i < list.size(); i++, p += ElfSymbol.ENTRY_SIZE) {
            writeSymbol(out, p, order, list.get(i));
        }
        return p - start;
    }

    private static int writeRelocations(byte[] out, int start, ByteOrder order,
                                        SectionContent.Relocations rels) {
        List<Relocation> list = rels.relocations();
        int size = rels.rela() ? Relocation.RELA_SIZE : Relocation.REL_SIZE;
        int p = start;
        for (int i = 0; i < list.size(); i++, p += size) {
            writeRelocation(out, p, order, list.get(i), rels.rela());
        }
        return p - start;
    }

    private static void writeSymbol(byte[] out, int p, ByteOrder order, ElfSymbol sym) {
        FixedWidth.put32(out, p, order, sym.nameOffset());
        out[p + 4] = (byte) sym.info();
        out[p + 5] = (byte) sym.other();
        FixedWidth.put16(out, p + 6, order, sym.shndx());
        // The buffer is zeroed, and most sizes (and every undefined symbol's value) are 0.
        if (sym.value() != 0) {
            FixedWidth.put64(out, p + 8, order, sym.value());
        }
        if (sym.size() != 0) {
            FixedWidth.put64(out, p + 16, order, sym.size());
        }
    }

    private static void writeRelocation(byte[] out, int p, ByteOrder order, Relocation r, boolean rela) {
        FixedWidth.put64(out, p, order, r.offset());
        FixedWidth.put64(out, p + 8, order, ((long) r.symbolIndex() << 32) | Integer.toUnsignedLong(r.type()));
        if (rela) {
            FixedWidth.put64(out, p + 16, order, r.addend());
        }
    }
}
