package dev.ebld.elf;

import dev.ebld.elf.internal.StringTableBuilder;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a relocatable BPF {@link ElfObject} in code. Sections get their final indices as they
 * are added (index 0 is the null section); {@code .symtab}, {@code .strtab} and
 * {@code .shstrtab} are appended by {@link #build()}, which also computes both string tables,
 * orders symbols locals-first as ELF requires, and lays the file out.
 *
 * <p>Symbols are referred to by {@link SymbolRef} rather than index because their final index is
 * only known once all locals are counted. {@link #build()} checks its result with
 * {@link ElfReader}, so whatever it returns is an object the reader accepts.
 */
public final class ElfBuilder {
    /** A symbol added to this builder; its table index is fixed by {@link #build()}. */
    public static final class SymbolRef {
        private final boolean local;
        private final int ordinal;

        private SymbolRef(boolean local, int ordinal) {
            this.local = local;
            this.ordinal = ordinal;
        }
    }

    /** A relocation to be encoded into a REL section: {@code r_offset}, symbol and type. */
    public record Reloc(long offset, SymbolRef symbol, int type) {
    }

    /** A section as added; for REL sections {@code relocs} is set and content comes later. */
    private record Pending(String name, int type, long flags, long align, long entsize, int link,
                           int info, SectionContent content, List<Reloc> relocs) {
    }

    private final ElfHeader header;
    private String file = "<built>";
    private final List<Pending> sections = new ArrayList<>();
    private final List<ElfSymbol> locals = new ArrayList<>();
    private final List<ElfSymbol> globals = new ArrayList<>();

    public ElfBuilder(ByteOrder order) {
        this(ElfHeader.relocatable(order));
    }

    public ElfBuilder(ElfHeader header) {
        this.header = header;
    }

    /** The name the built object carries for messages. */
    public ElfBuilder file(String name) {
        this.file = name;
        return this;
    }

    /** Adds a section holding {@code data}; returns its index. */
    public int addSection(String name, int type, long flags, long addralign, byte[] data) {
        return addSection(name, type, flags, addralign, 0, 0, 0, data);
    }

    /** Adds a section with every header field given; returns its index. */
    public int addSection(String name, int type, long flags, long addralign, long entsize,
                          int link, int info, byte[] data) {
        if (type == SectionType.SHT_NOBITS || SectionChecks.tableEntrySize(type) != 0) {
            throw new IllegalArgumentException(name + ": use addNoBits/addRelocations for "
                    + SectionType.name(type) + "; the symbol table is built by build()");
        }
        return add(new Pending(name, type, flags, addralign, entsize, link, info,
                new SectionContent.Bytes(data), null));
    }

    /** Adds a NOBITS section (such as {@code .bss}) of {@code size} bytes; returns its index. */
    public int addNoBits(String name, long flags, long addralign, long size) {
        return add(new Pending(name, SectionType.SHT_NOBITS, flags, addralign, 0, 0, 0,
                new SectionContent.NoBits(size), null));
    }

    /** Adds a REL section {@code .rel<target name>} applying to section {@code target}. */
    public int addRelocations(int target, List<Reloc> relocs) {
        if (target < 1 || target > sections.size()) {
            throw new IllegalArgumentException("relocation target " + target + " is not a section");
        }
        String name = ".rel" + sections.get(target - 1).name();
        return add(new Pending(name, SectionType.SHT_REL, SectionType.SHF_INFO_LINK, 8,
                Relocation.REL_SIZE, 0, target, null, List.copyOf(relocs)));
    }

    private int add(Pending p) {
        sections.add(p);
        return sections.size();
    }

    /** Adds a symbol; {@code shndx} is a section index from this builder or SHN_ABS/COMMON/UNDEF. */
    public SymbolRef addSymbol(String name, int bind, int type, int visibility, int shndx,
                               long value, long size) {
        ElfSymbol sym = ElfSymbol.of(name, 0, bind, type, visibility, shndx, value, size);
        List<ElfSymbol> group = bind == ElfSymbol.STB_LOCAL ? locals : globals;
        group.add(sym);
        return new SymbolRef(bind == ElfSymbol.STB_LOCAL, group.size() - 1);
    }

    /** The STT_SECTION symbol relocations against section {@code shndx} conventionally use. */
    public SymbolRef addSectionSymbol(int shndx) {
        return addSymbol("", ElfSymbol.STB_LOCAL, ElfSymbol.STT_SECTION, ElfSymbol.STV_DEFAULT,
                shndx, 0, 0);
    }

    /** An STT_FILE symbol naming the source file. */
    public SymbolRef addFileSymbol(String name) {
        return addSymbol(name, ElfSymbol.STB_LOCAL, ElfSymbol.STT_FILE, ElfSymbol.STV_DEFAULT,
                ElfSymbol.SHN_ABS, 0, 0);
    }

    /** The finished, laid-out object; throws IllegalArgumentException if it would not read back. */
    public ElfObject build() {
        int symtab = sections.size() + 1;
        int strtab = symtab + 1;
        int shstrtab = strtab + 1;
        StringTableBuilder names = new StringTableBuilder();
        StringTableBuilder shnames = new StringTableBuilder();
        List<Section> out = new ArrayList<>();
        out.add(new Section(0, "", 0, SectionType.SHT_NULL, 0, 0, 0, 0, 0, 0, 0,
                new SectionContent.Bytes(ByteView.EMPTY)));
        for (Pending p : sections) {
            SectionContent content = p.relocs() == null ? p.content()
                    : new SectionContent.Relocations(resolve(p.relocs()), false);
            int link = p.relocs() == null ? p.link() : symtab;
            out.add(new Section(out.size(), p.name(), shnames.add(p.name()), p.type(), p.flags(),
                    0, 0, link, p.info(), p.align(), p.entsize(), content));
        }
        List<ElfSymbol> symbols = symbolTable(names);
        out.add(new Section(symtab, ".symtab", shnames.add(".symtab"), SectionType.SHT_SYMTAB, 0,
                0, 0, strtab, 1 + locals.size(), 8, ElfSymbol.ENTRY_SIZE,
                new SectionContent.Symbols(symbols)));
        out.add(new Section(strtab, ".strtab", shnames.add(".strtab"), SectionType.SHT_STRTAB, 0,
                0, 0, 0, 0, 1, 0, new SectionContent.Bytes(names.toByteArray())));
        int shstrName = shnames.add(".shstrtab");
        out.add(new Section(shstrtab, ".shstrtab", shstrName, SectionType.SHT_STRTAB, 0, 0, 0, 0,
                0, 1, 0, new SectionContent.Bytes(shnames.toByteArray())));
        ElfObject obj = new ElfObject(file, header, out, shstrtab, 0).layOut();
        verify(obj);
        return obj;
    }

    /** Null symbol, then locals, then globals, each with its name placed in {@code names}. */
    private List<ElfSymbol> symbolTable(StringTableBuilder names) {
        List<ElfSymbol> all = new ArrayList<>(1 + locals.size() + globals.size());
        all.add(new ElfSymbol("", 0, 0, 0, 0, 0, 0));
        List<ElfSymbol> ordered = new ArrayList<>(locals);
        ordered.addAll(globals);
        for (ElfSymbol s : ordered) {
            all.add(new ElfSymbol(s.name(), names.add(s.name()), s.info(), s.other(), s.shndx(),
                    s.value(), s.size()));
        }
        return all;
    }

    private List<Relocation> resolve(List<Reloc> relocs) {
        List<Relocation> out = new ArrayList<>(relocs.size());
        for (Reloc r : relocs) {
            SymbolRef ref = r.symbol();
            int index = 1 + ref.ordinal + (ref.local ? 0 : locals.size());
            out.add(Relocation.rel(r.offset(), index, r.type()));
        }
        return out;
    }

    private static void verify(ElfObject obj) {
        try {
            ElfReader.readAdopting(ElfWriter.write(obj), obj.file(), name -> false);
        } catch (ElfFormatException e) {
            throw new IllegalArgumentException("built object is not valid: " + e.getMessage(), e);
        }
    }
}
