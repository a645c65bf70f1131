package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfSymbol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final List<ElfSymbol> entries = new ArrayList<>();

    public record Result(OutputSymbols symbols, Diagnostics diagnostics) {
    }

    public static Result build(InputSet inputs, Resolution resolution, Layout layout) {
        SymbolTableBuilder b = new SymbolTableBuilder();
        b.entries.add(new ElfSymbol("", 0, 0, 0, 0, 0, 0));
        int[] sectionSymbol = new int[layout.sections().size()];
        for (OutputSection s : layout.sections()) {
            sectionSymbol[s.id()] = b.entries.size();
            b.entries.add(ElfSymbol.of("", 0, ElfSymbol.STB_LOCAL, ElfSymbol.STT_SECTION,
                    ElfSymbol.STV_DEFAULT, s.elfIndex(), 0, 0));
        }
        List<int[]> fileMap = new ArrayList<>();
        for (InputFile f : inputs.files()) {
            fileMap.add(b.addLocals(f, layout, sectionSymbol));
        }
        int firstGlobal = b.entries.size();
        Map<String, Integer> globalIndex = new HashMap<>();
        for (GlobalSymbol g : resolution.globals()) {
            globalIndex.put(g.name(), b.entries.size());
            b.entries.add(b.globalEntry(inputs, g, layout));
        }
        for (InputFile f : inputs.files()) {
            int[] m = fileMap.get(f.order());
            List<ElfSymbol> syms = f.symbols();
            for (int i = 1; i < syms.size(); i++) {
                if (!syms.get(i).isLocal() && globalIndex.containsKey(syms.get(i).name())) {
                    m[i] = globalIndex.get(syms.get(i).name());
                }
            }
        }
        OutputSymbols out = new OutputSymbols(b.entries, firstGlobal, fileMap, sectionSymbol, globalIndex);
        return new Result(out, b.diags);
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
            Optional<Long> value = layout.map(f.order(), s.shndx(), s.value());
            if (value.isEmpty()) {
                diags.add(Diagnostic.warning("bad-input", Places.of(f, s),
                        "local symbol " + s.name() + " points outside its section's kept bytes; dropped"));
                continue;
            }
            map[i] = entries.size();
            entries.add(new ElfSymbol(s.name(), 0, s.info(), s.other(), out + 1, value.get(), s.size()));
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
        Optional<Long> value = layout.map(w.file(), s.shndx(), s.value());
        if (out < 0 || value.isEmpty()) {
            diags.add(Diagnostic.error("bad-input", Places.of(inputs.files().get(w.file()), s),
                    "symbol " + g.name() + " lies outside its section"));
            return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), ElfSymbol.SHN_UNDEF, 0, 0);
        }
        return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), out + 1, value.get(), s.size());
    }
}
