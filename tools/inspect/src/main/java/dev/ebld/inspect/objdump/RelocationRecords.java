package dev.ebld.inspect.objdump;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.elf.SectionType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code llvm-objdump -r} without {@code -d}: one "RELOCATION RECORDS FOR [x]:" table per target. */
final class RelocationRecords {
    private RelocationRecords() {
    }

    static void print(ElfObject obj, StringBuilder out) {
        // Group non-empty, non-ALLOC relocation sections by target, in first-seen order.
        Map<Integer, List<Section>> byTarget = new LinkedHashMap<>();
        for (Section s : obj.sections()) {
            if ((s.flags() & SectionType.SHF_ALLOC) != 0
                    || !(s.content() instanceof SectionContent.Relocations rels)
                    || rels.relocations().isEmpty()) {
                continue;
            }
            byTarget.computeIfAbsent(s.info(), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<Integer, List<Section>> e : byTarget.entrySet()) {
            String name = e.getKey() < obj.sections().size() ? obj.section(e.getKey()).name() : "";
            out.append("\nRELOCATION RECORDS FOR [").append(name).append("]:\n");
            out.append(SectionHeaderTable.pad("OFFSET", 16)).append(' ')
                    .append(SectionHeaderTable.pad("TYPE", 24)).append(" VALUE\n");
            for (Section s : e.getValue()) {
                SectionContent.Relocations rels = (SectionContent.Relocations) s.content();
                for (Relocation r : rels.relocations()) {
                    out.append(Hex.padded(r.offset(), 16)).append(' ')
                            .append(SectionHeaderTable.pad(RelocationText.typeName(r.type()), 24))
                            .append(' ').append(RelocationText.value(obj, r, rels.rela()))
                            .append('\n');
                }
            }
        }
    }
}
