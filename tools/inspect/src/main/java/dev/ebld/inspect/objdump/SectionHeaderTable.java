package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;

import java.nio.charset.StandardCharsets;

/** {@code llvm-objdump -h}: the "Sections:" table (Idx, Name, Size, VMA, Type). */
final class SectionHeaderTable {
    /** llvm-objdump never makes the name column narrower than this. */
    private static final int MIN_NAME_WIDTH = 13;

    private SectionHeaderTable() {
    }

    static void print(ElfObject obj, StringBuilder out) {
        int width = MIN_NAME_WIDTH;
        for (Section s : obj.sections()) {
            width = Math.max(width, byteLength(s.name()));
        }
        out.append("\nSections:\n");
        out.append("Idx ").append(pad("Name", width)).append(" Size     ").append(pad("VMA", 16))
                .append(" Type\n");
        for (Section s : obj.sections()) {
            out.append(String.format("%3d ", s.index())).append(pad(s.name(), width)).append(' ')
                    .append(Hex.padded(s.size(), 8)).append(' ').append(Hex.padded(s.addr(), 16))
                    .append(' ').append(typeColumn(s)).append('\n');
        }
    }

    /** TEXT, DATA, BSS, DEBUG as LLVM's section predicates say, comma-joined. */
    private static String typeColumn(Section s) {
        StringBuilder t = new StringBuilder();
        boolean alloc = (s.flags() & SectionType.SHF_ALLOC) != 0;
        if (s.isExecutable()) {
            t.append("TEXT");
        }
        if (s.type() == SectionType.SHT_PROGBITS && alloc && !s.isExecutable()) {
            join(t, "DATA");
        }
        if (s.type() == SectionType.SHT_NOBITS
                && (s.flags() & (SectionType.SHF_ALLOC | SectionType.SHF_WRITE)) != 0) {
            join(t, "BSS");
        }
        String n = s.name();
        if (n.startsWith(".debug") || n.startsWith(".zdebug") || n.equals(".gdb_index")) {
            join(t, "DEBUG");
        }
        return t.toString();
    }

    private static void join(StringBuilder t, String word) {
        t.append(t.length() == 0 ? "" : ", ").append(word);
    }

    /** Left-justifies like printf {@code %-*s}, which counts bytes, not characters. */
    static String pad(String s, int width) {
        int len = byteLength(s);
        return len >= width ? s : s + " ".repeat(width - len);
    }

    private static int byteLength(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
