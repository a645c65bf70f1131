package dev.ebld.linker.internal;

import dev.ebld.elf.ElfHeader;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.elf.SectionType;
import dev.ebld.elf.internal.StringTableBuilder;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Stage 6, writing the object. The section order is fixed: null, content sections in layout
 * order, their {@code .rel} sections in the same order, {@code .BTF}, {@code .BTF.ext},
 * {@code .symtab}, {@code .strtab} (which also holds section names, as clang does). Nothing
 * depends on hash order or time, so the same inputs give the same bytes.
 *
 * <p>{@link dev.ebld.elf.ElfWriter#write(ElfObject, java.nio.file.Path)} then writes it to a
 * temporary sibling and renames it over the output, so a failed link never leaves a partial file.
 */
public final class ObjectWriter {
    private ObjectWriter() {
    }

    /** The output model; {@code btf}/{@code btfExt} are section bytes, if any. */
    public static ElfObject build(ByteOrder order, Layout layout, Relocated relocated,
                                  OutputSymbols symbols, Optional<byte[]> btf, Optional<byte[]> btfExt) {
        // Section names (with their .rel twins) and symbol names, plus .BTF, .symtab and friends.
        StringTableBuilder strings = new StringTableBuilder(2 * layout.sections().size() + symbols.entries().size() + 4);
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(0, "", 0, SectionType.SHT_NULL, 0, 0, 0, 0, 0, 0, 0,
                new SectionContent.Bytes(new byte[0])));
        List<byte[]> bytes = relocated.data();
        for (OutputSection s : layout.sections()) {
            SectionContent c = s.type() == SectionType.SHT_NOBITS
                    ? new SectionContent.NoBits(s.size()) : new SectionContent.Bytes(bytes.get(s.id()));
            sections.add(new Section(s.elfIndex(), s.name(), strings.add(s.name()), s.type(), s.flags(), 0, 0,
                    0, 0, s.align(), s.entsize(), c));
        }
        int relCount = 0;
        for (List<Relocation> rels : relocated.relocations()) {
            relCount += rels.isEmpty() ? 0 : 1;
        }
        int symtabIndex = sections.size() + relCount + (btf.isPresent() ? 1 : 0) + (btfExt.isPresent() ? 1 : 0);
        for (OutputSection s : layout.sections()) {
            List<Relocation> rels = relocated.relocations().get(s.id());
            if (!rels.isEmpty()) {
                String name = ".rel" + s.name();
                sections.add(new Section(sections.size(), name, strings.add(name), SectionType.SHT_REL,
                        SectionType.SHF_INFO_LINK, 0, 0, symtabIndex, s.elfIndex(), 8, Relocation.REL_SIZE,
                        new SectionContent.Relocations(rels, false)));
            }
        }
        btf.ifPresent(b -> sections.add(dataSection(sections.size(), ".BTF", strings, b)));
        btfExt.ifPresent(b -> sections.add(dataSection(sections.size(), ".BTF.ext", strings, b)));
        List<ElfSymbol> entries = symbols.entries();
        ElfSymbol[] named = new ElfSymbol[entries.size()];
        for (int i = 0; i < named.length; i++) {
            named[i] = withName(entries.get(i), strings);
        }
        int strtabIndex = symtabIndex + 1;
        sections.add(new Section(symtabIndex, ".symtab", strings.add(".symtab"), SectionType.SHT_SYMTAB, 0, 0,
                0, strtabIndex, symbols.firstGlobal(), 8, ElfSymbol.ENTRY_SIZE, new SectionContent.Symbols(Arrays.asList(named))));
        int strtabName = strings.add(".strtab");
        sections.add(new Section(strtabIndex, ".strtab", strtabName, SectionType.SHT_STRTAB, 0, 0, 0, 0, 0, 1, 0,
                new SectionContent.Bytes(strings.toByteArray())));
        return new ElfObject("<linked>", ElfHeader.relocatable(order), sections, strtabIndex, 0).layOut();
    }

    /** One entry per call, so that C1 compiles it early: the loop above runs too few times. */
    private static ElfSymbol withName(ElfSymbol s, StringTableBuilder strings) {
        return new ElfSymbol(s.name(), strings.add(s.name()), s.info(), s.other(), s.shndx(), s.value(), s.size());
    }

    private static Section dataSection(int index, String name, StringTableBuilder strings, byte[] data) {
        return new Section(index, name, strings.add(name), SectionType.SHT_PROGBITS, 0, 0, 0, 0, 0, 4, 0,
                new SectionContent.Bytes(data));
    }
}
