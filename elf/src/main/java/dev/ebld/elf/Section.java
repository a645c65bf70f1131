package dev.ebld.elf;

/**
 * One section header and its content. {@code index} is the position in the section header table;
 * {@code name} was resolved through {@code .shstrtab} at {@code nameOffset}. {@code fileOffset} is
 * where the content was (or will be) placed; the writer keeps it so that reading then writing is
 * byte-identical, and {@link ElfObject#layOut()} recomputes it for objects built in code.
 */
public record Section(int index, String name, int nameOffset, int type, long flags, long addr,
                      long fileOffset, int link, int info, long addralign, long entsize,
                      SectionContent content) {

    /** Size in bytes as {@code sh_size} would record it. */
    public long size() {
        return switch (content.kind()) {
            case BYTES -> ((SectionContent.Bytes) content).data().length();
            case NO_BITS -> ((SectionContent.NoBits) content).size();
            case UNREAD -> ((SectionContent.Unread) content).size();
            case SYMBOLS -> (long) ((SectionContent.Symbols) content).symbols().size() * ElfSymbol.ENTRY_SIZE;
            case RELOCATIONS -> {
                SectionContent.Relocations r = (SectionContent.Relocations) content;
                yield (long) r.relocations().size() * (r.rela() ? Relocation.RELA_SIZE : Relocation.REL_SIZE);
            }
        };
    }

    /**
     * The bytes of a Bytes section; empty for NOBITS; fails for decoded tables. A view, not a
     * copy: read through it, or see {@link #data()}.
     */
    public ByteView bytes() {
        return switch (content.kind()) {
            case BYTES -> ((SectionContent.Bytes) content).data();
            case NO_BITS -> ByteView.EMPTY;
            case SYMBOLS, RELOCATIONS ->
                    throw new IllegalStateException(label() + " holds decoded entries, not bytes");
            case UNREAD -> throw new IllegalStateException(label() + " was not read (the reader"
                    + " was asked to skip its content)");
        };
    }

    /** A fresh copy of {@link #bytes()}, the caller's to change (e.g. to relocate in place). */
    public byte[] data() {
        return bytes().toArray();
    }

    public boolean isExecutable() {
        return (flags & SectionType.SHF_EXECINSTR) != 0;
    }

    /** Same header, other content; {@code fileOffset} is kept and fixed by layout if needed. */
    public Section withContent(SectionContent newContent) {
        return new Section(index, name, nameOffset, type, flags, addr, fileOffset, link, info,
                addralign, entsize, newContent);
    }

    public Section withFileOffset(long offset) {
        return new Section(index, name, nameOffset, type, flags, addr, offset, link, info,
                addralign, entsize, content);
    }

    /** A short label for messages: {@code section 7 (.relxdp)}. */
    public String label() {
        return "section " + index + " (" + name + ")";
    }
}
