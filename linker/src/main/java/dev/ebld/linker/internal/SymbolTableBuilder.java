package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.linker.LinkDiagnosticKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage 3b, assigning output symbols. Runs after layout, because a symbol's output value is its
 * input value moved by the layout. Locals come first so that {@code sh_info} can say where the
 * globals start, as the ELF spec requires (libbpf's linker does not).
 *
 * <p>After this stage: every input symbol that survives has an output index, and every global
 * name has exactly one output entry carrying the winner's section and value, except a global
 * defined only in a second copy of {@code license} or {@code version} (say {@code _license}
 * beside another file's {@code LICENSE}): that copy is not kept, so neither is its symbol nor,
 * in the BTF stage, its VAR (libbpf's linker drops the symbols of such copies the same way).
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
        List<int[]> localMap = new ArrayList<>(inputs.files().size());
        for (InputFile f : inputs.files()) {
            localMap.add(b.addLocals(f, layout, sectionSymbol));
        }
        // Global id i becomes output entry globalSlot[i]; OutputSymbols maps globals from there.
        int firstGlobal = b.entries.size();
        List<GlobalSymbol> globals = resolution.globals();
        int[] globalSlot = new int[globals.size()];
        for (int i = 0; i < globalSlot.length; i++) {
            GlobalSymbol g = globals.get(i);
            globalSlot[i] = inDuplicateCopy(g, layout) ? -1 : b.entries.size();
            if (globalSlot[i] >= 0) {
                b.entries.add(b.globalEntry(inputs, g, layout));
            }
        }
        OutputSymbols out = new OutputSymbols(b.entries, firstGlobal, globalSlot, localMap, sectionSymbol,
                resolution);
        return new Result(out, b.diags);
    }

    /** Whether {@code g} is defined in a second copy of a section kept once. */
    private static boolean inDuplicateCopy(GlobalSymbol g, Layout layout) {
        if (g.winner().isEmpty() || g.winner().get().symbol().shndx() >= ElfSymbol.SHN_ABS) {
            return false;
        }
        Declaration w = g.winner().get();
        int out = layout.outputSectionOf(w.file(), w.symbol().shndx());
        return out >= 0 && layout.isDuplicateCopy(w.file(), out);
    }

    /** Output indexes of the file's locals, -1 for the rest. */
    private int[] addLocals(InputFile f, Layout layout, int[] sectionSymbol) {
        List<ElfSymbol> syms = f.symbols();
        // The reader has checked that the locals come before sh_info, where it is recorded
        // (it is 0 in libbpf's output): the globals, most of the table, need not be visited.
        Optional<Section> symtab = f.elf().symbolTableSection();
        int firstGlobal = symtab.isPresent() ? symtab.get().info() : 0;
        int end = firstGlobal > 0 && firstGlobal < syms.size() ? firstGlobal : syms.size();
        int[] map = new int[end];
        if (end > 0) {
            map[0] = -1;
        }
        for (int i = 1; i < end; i++) {
            map[i] = addLocal(f, syms.get(i), layout, sectionSymbol);
        }
        return map;
    }

    /** The output index of local {@code s}, added here, or -1 if not local or dropped. */
    private int addLocal(InputFile f, ElfSymbol s, Layout layout, int[] sectionSymbol) {
        if (!s.isLocal()) {
            return -1;
        }
        if (s.shndx() >= ElfSymbol.SHN_ABS || s.shndx() == ElfSymbol.SHN_UNDEF) {
            entries.add(s);
            return entries.size() - 1;
        }
        int out = layout.outputSectionOf(f.order(), s.shndx());
        if (out < 0) {
            return -1; // in a dropped section
        }
        if (s.type() == ElfSymbol.STT_SECTION) {
            return sectionSymbol[out];
        }
        long value = layout.offsetOf(f.order(), s.shndx(), s.value());
        if (value == Layout.UNMAPPED) {
            diags.add(Diagnostic.warning(LinkDiagnosticKind.LOCAL_SYMBOL_DROPPED, Places.of(f, s),
                    "local symbol " + s.name() + " points outside its section's kept bytes; dropped"));
            return -1;
        }
        entries.add(new ElfSymbol(s.name(), 0, s.info(), s.other(), out + 1, value, s.size()));
        return entries.size() - 1;
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
            diags.add(Diagnostic.error(LinkDiagnosticKind.SYMBOL_OUTSIDE_SECTION, Places.of(inputs.files().get(w.file()), s),
                    "symbol " + g.name() + " lies outside its section"));
            return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), ElfSymbol.SHN_UNDEF, 0, 0);
        }
        return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(), out + 1, value, s.size());
    }
}
