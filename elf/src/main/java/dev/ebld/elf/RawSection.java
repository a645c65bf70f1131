package dev.ebld.elf;

/**
 * One {@code Elf64_Shdr} exactly as read, before its content is decoded. Only the reader uses it:
 * it carries the raw {@code sh_size} and the header's own file position so that every later check
 * can name where the offending field lives.
 *
 * @param name         resolved through {@code .shstrtab}, or null before names are resolved
 * @param headerOffset file offset of this header in the section header table
 */
record RawSection(int index, String name, int nameOffset, int type, long flags, long addr,
                  long offset, long size, int link, int info, long addralign, long entsize,
                  long headerOffset) {

    static final int SH_NAME = 0;
    static final int SH_TYPE = 4;
    static final int SH_FLAGS = 8;
    static final int SH_ADDR = 16;
    static final int SH_OFFSET = 24;
    static final int SH_SIZE = 32;
    static final int SH_LINK = 40;
    static final int SH_INFO = 44;
    static final int SH_ADDRALIGN = 48;
    static final int SH_ENTSIZE = 56;

    RawSection withName(String resolved) {
        return new RawSection(index, resolved, nameOffset, type, flags, addr, offset, size, link,
                info, addralign, entsize, headerOffset);
    }

    /** Whether the section occupies bytes in the file: all but section 0 and NOBITS. */
    boolean hasFileBytes() {
        return index != 0 && type != SectionType.SHT_NOBITS;
    }

    /** {@code section 7 (.relxdp)}, or {@code section 7} while names are not yet known. */
    String label() {
        return name == null ? "section " + index : "section " + index + " (" + name + ")";
    }

    String entryLabel(long entry) {
        return label() + " entry " + entry;
    }
}
