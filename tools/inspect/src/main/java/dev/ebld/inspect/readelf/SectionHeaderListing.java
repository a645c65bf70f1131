package dev.ebld.inspect.readelf;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;

import java.io.PrintWriter;

/** The section header table in the layout of {@code llvm-readelf-19 -S}. */
final class SectionHeaderListing {
    private SectionHeaderListing() {
    }

    static void print(ElfObject obj, PrintWriter out) {
        out.printf("There are %d section headers, starting at offset 0x%x:%n%n",
                obj.sections().size(), obj.sectionHeaderOffset());
        out.println("Section Headers:");
        out.println("  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al");
        for (Section s : obj.sections()) {
            out.println(row(s));
        }
        out.println("Key to Flags:");
        out.println("  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),");
        out.println("  L (link order), O (extra OS processing required), G (group), T (TLS),");
        out.println("  C (compressed), x (unknown), o (OS specific), E (exclude),");
        out.println("  R (retain), p (processor specific)");
    }

    static String row(Section s) {
        return new ColumnLine()
                .at(2, String.format("[%2d]", s.index()))
                .at(7, s.name())
                .at(25, SectionType.name(s.type()))
                .at(41, String.format("%016x", s.addr()))
                .at(58, String.format("%06x", s.fileOffset()))
                .at(65, String.format("%06x", s.size()))
                .at(72, String.format("%02x", s.entsize()))
                .right(75, 3, flags(s.flags()))
                .right(79, 2, Integer.toString(s.link()))
                .right(82, 3, Integer.toUnsignedString(s.info()))
                .right(86, 2, Long.toUnsignedString(s.addralign()))
                .toString();
    }

    /** GNU flag letters in bit order; bits without a letter print as {@code x}, {@code o} or {@code p}. */
    static String flags(long flags) {
        StringBuilder sb = new StringBuilder();
        long known = 0;
        for (Flag f : Flag.values()) {
            known |= f.bit;
            if ((flags & f.bit) != 0) {
                sb.append(f.letter);
            }
        }
        long rest = flags & ~known;
        if ((rest & 0x0ff00000L) != 0) {
            sb.append('o');
        }
        if ((rest & 0xf0000000L) != 0) {
            sb.append('p');
        }
        if ((rest & ~0xfff00000L) != 0) {
            sb.append('x');
        }
        return sb.toString();
    }

    private enum Flag {
        WRITE(SectionType.SHF_WRITE, 'W'),
        ALLOC(SectionType.SHF_ALLOC, 'A'),
        EXEC(SectionType.SHF_EXECINSTR, 'X'),
        MERGE(SectionType.SHF_MERGE, 'M'),
        STRINGS(SectionType.SHF_STRINGS, 'S'),
        INFO_LINK(SectionType.SHF_INFO_LINK, 'I'),
        LINK_ORDER(0x80, 'L'),
        OS_NONCONFORMING(0x100, 'O'),
        GROUP(0x200, 'G'),
        TLS(0x400, 'T'),
        COMPRESSED(0x800, 'C'),
        GNU_RETAIN(0x200000, 'R'),
        EXCLUDE(SectionType.SHF_EXCLUDE, 'E');

        final long bit;
        final char letter;

        Flag(long bit, char letter) {
            this.bit = bit;
            this.letter = letter;
        }
    }
}
