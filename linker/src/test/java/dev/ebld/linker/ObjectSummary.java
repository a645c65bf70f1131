package dev.ebld.linker;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A byte-order-free, index-free text summary of a linked object: every section's name, type,
 * flags and content, every symbol by name and section name, every relocation by offset, type
 * and symbol name. Two objects with equal summaries are semantically identical.
 */
final class ObjectSummary {
    private ObjectSummary() {
    }

    static List<String> of(ElfObject o) {
        List<String> out = new ArrayList<>();
        List<ElfSymbol> syms = o.symbols();
        for (Section s : o.sections()) {
            if (s.content() instanceof SectionContent.Bytes b && !s.name().equals(".strtab")) {
                out.add("section " + s.name() + " type=" + s.type() + " flags=" + s.flags() + " align="
                        + s.addralign() + " " + HexFormat.of().formatHex(b.data().toArray()));
            } else if (s.content() instanceof SectionContent.NoBits n) {
                out.add("section " + s.name() + " nobits size=" + n.size());
            } else if (s.content() instanceof SectionContent.Relocations r) {
                String target = o.section(s.info()).name();
                for (Relocation rel : r.relocations()) {
                    out.add("reloc " + target + "+0x" + Long.toHexString(rel.offset()) + " " + rel.typeName()
                            + " " + name(o, syms.get(rel.symbolIndex())));
                }
            }
        }
        for (int i = 1; i < syms.size(); i++) {
            ElfSymbol s = syms.get(i);
            out.add("symbol " + name(o, s) + " " + ElfSymbol.bindName(s.bind()) + " " + ElfSymbol.typeName(s.type())
                    + " " + ElfSymbol.visibilityName(s.visibility()) + " value=" + s.value() + " size=" + s.size());
        }
        return out;
    }

    private static String name(ElfObject o, ElfSymbol s) {
        String sec = s.shndx() > 0 && s.shndx() < o.sections().size() ? o.section(s.shndx()).name() : "UND";
        return (s.name().isEmpty() ? "<" + sec + ">" : s.name()) + "@" + sec;
    }
}
