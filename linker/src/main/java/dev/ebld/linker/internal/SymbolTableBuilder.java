package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stage 3b, assigning output symbols. Runs after layout, because a symbol's output value is its
 * input value moved by the layout. Locals come first so that {@code sh_info} can say where the
 * globals start, as the ELF spec requires (libbpf's linker does not).
 *
 * <p>After this stage: every input symbol that survives has an output index, and every global
 * name has exactly one output entry carrying the winner's section and value.
 */
public final class SymbolTableBuilder {
    private final Diagnostics diags = new Diagnostics();
    private final List<ElfSymbol> entries;

    private SymbolTableBuilder(int capacity) {
        entries = new ArrayList<>(capacity);
    }

    public record Result(OutputSymbols symbols, Diagnostics diagnostics) {
    }

    public static Result build(InputSet inputs, Resolution resolution, Layout layout) {
        int inputSymbols = 0;
        for (InputFile f : inputs.files()) {
            inputSymbols += f.symbols().size();
        }
        SymbolTableBuilder b = new SymbolTableBuilder(1 + layout.sections().size() + inputSymbols);
        b.entries.add(new ElfSymbol("", 0, 0, 0, 0, 0, 0));
        int[] sectionSymbol = new int[layout.sections().size()];
        for (OutputSection s : layout.sections()) {
            sectionSymbol[s.id()] = b.entries.size();
            b.entries.add(ElfSymbol.of("", 0, ElfSymbol.STB_LOCAL, ElfSymbol.STT_SECTION,
                    ElfSymbol.STV_DEFAULT, s.elfIndex(), 0, 0));
        }
        List<int[]> fileMap = new ArrayList<>(inputs.files().size());
        for (InputFile f : inputs.files()) {
            fileMap.add(b.addLocals(f, layout, sectionSymbol));
        }
        // Global id i becomes output entry firstGlobal + i.
        int firstGlobal = b.entries.size();
        for (GlobalSymbol g : resolution.globals()) {
            b.entries.add(b.globalEntry(inputs, g, layout));
        }
        for (InputFile f : inputs.files()) {
            mapGlobals(f, resolution, fileMap.get(f.order()), firstGlobal);
        }
        OutputSymbols out = new OutputSymbols(b.entries, firstGlobal, fileMap, sectionSymbol, resolution);
        return new Result(out, b.diags);
    }

    /**
     * Points a file's non-local symbols at their global's entry. A symbol that declared nothing
     * (it sits in a dropped section) still follows its name, should another file declare it.
     */
    private static void mapGlobals(InputFile f, Resolution resolution, int[] map, int firstGlobal) {
        List<ElfSymbol> syms = f.symbols();
        for (int i = 1; i < syms.size(); i++) {
            int id = resolution.globalOf(f.order(), i);
            if (id < 0 && !syms.get(i).isLocal()) {
                id = resolution.idOf(syms.get(i).name());
            }
            if (id >= 0) {
                map[i] = firstGlobal + id;
            }
        }
    }

    private int[] addLocals(InputFile f, Layout layout, int[] sectionSymbol) {
        List<ElfSymbol> syms = f.symbols();
        int[] map = new int[syms.size()];
        Arrays.fill(map, -1);
        for (int i = 1; i < syms.size(); i++) {
            ElfSymbol s = syms.get(i);
            if (!s.isLocal()) {
                continue;
            }
            if (s.shndx() >= ElfSymbol.SHN_ABS || s.shndx() == ElfSymbol.SHN_UNDEF) {
                map[i] = entries.size();
                entries.add(s);
                continue;
            }
            int out = layout.outputSectionOf(f.order(), s.shndx());
            if (out < 0) {
                continue; // in a dropped section
            }
            if (s.type() == ElfSymbol.STT_SECTION) {
                map[i] = sectionSymbol[out];
                continue;
            }
            long value = layout.offsetOf(f.order(), s.shndx(), s.value());
            if (value == Layout.UNMAPPED) {
                diags.add(Diagnostic.warning("bad-input", Places.of(f, s),
                        "local symbol " + s.name() + " points outside its section's kept bytes; dropped"));
                continue;
            }
            map[i] = entries.size();
            entries.add(new ElfSymbol(s.name(), 0, s.info(), s.other(), out + 1, value, s.size()));
        }
        return map;
    }

    private ElfSymbol globalEntry(InputSet inputs, GlobalSymbol g, Layout layout) {
        if (g.winner().isEmpty()) {
            return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), ElfSymbol.SHN_UNDEF, 0, 0);
        }
        Declaration w = g.winner().get();
        ElfSymbol s = w.symbol();
        if (s.shndx() >= ElfSymbol.SHN_ABS) {
            return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), s.shndx(), s.value(), s.size());
        }
        int out = layout.outputSectionOf(w.file(), s.shndx());
        long value = layout.offsetOf(w.file(), s.shndx(), s.value());
        if (out < 0 || value == Layout.UNMAPPED) {
            diags.add(Diagnostic.error("bad-input", Places.of(inputs.files().get(w.file()), s),
                    "symbol " + g.name() + " lies outside its section"));
            return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), ElfSymbol.SHN_UNDEF, 0, 0);
        }
        return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), out + 1, value, s.size());
    }
}
