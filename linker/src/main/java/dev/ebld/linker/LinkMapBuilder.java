package dev.ebld.linker;

import dev.ebld.diag.Location;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.linker.internal.Declaration;
import dev.ebld.linker.internal.GlobalSymbol;
import dev.ebld.linker.internal.InputFile;
import dev.ebld.linker.internal.InputSet;
import dev.ebld.linker.internal.Layout;
import dev.ebld.linker.internal.OutputSection;
import dev.ebld.linker.internal.OutputSymbols;
import dev.ebld.linker.internal.Piece;
import dev.ebld.linker.internal.Places;
import dev.ebld.linker.internal.Relocated;
import dev.ebld.linker.internal.Resolution;
import dev.ebld.linker.internal.UnresolvedRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link LinkMap} model from the stage results. It lives beside {@link LinkMap} rather
 * than in {@code internal} so that the stages never see the public model: dependencies point from
 * the API to the stages only.
 */
final class LinkMapBuilder {
    private LinkMapBuilder() {
    }

    static LinkMap build(InputSet inputs, Resolution resolution, Layout layout,
                                OutputSymbols symbols, Relocated relocated) {
        List<LinkMap.SectionEntry> sections = new ArrayList<>();
        for (OutputSection s : layout.sections()) {
            List<LinkMap.PieceEntry> pieces = new ArrayList<>();
            for (Piece p : s.pieces()) {
                InputFile f = inputs.files().get(p.file());
                pieces.add(new LinkMap.PieceEntry(f.name(), f.section(p.section()).name(), p.inStart(),
                        p.length(), p.outOffset()));
            }
            sections.add(new LinkMap.SectionEntry(s.name(), s.size(), s.align(), pieces));
        }
        // Built only if someone reads them (--map, the API): see DeferredList.
        DeferredList<LinkMap.SymbolEntry> syms = new DeferredList<>(resolution.globals().size(), () -> {
            List<LinkMap.SymbolEntry> out = new ArrayList<>(resolution.globals().size());
            for (GlobalSymbol g : resolution.globals()) {
                out.add(symbolEntry(inputs, layout, symbols, g));
            }
            return out;
        });
        List<LinkMap.Unresolved> unresolved = new ArrayList<>();
        for (UnresolvedRef u : relocated.unresolved()) {
            unresolved.add(new LinkMap.Unresolved(u.symbol(), u.location()));
        }
        return LinkMap.withDeferredSymbols(sections, syms, unresolved, inputs.skipped(), relocated.resolvedCalls());
    }

    private static LinkMap.SymbolEntry symbolEntry(InputSet inputs, Layout layout, OutputSymbols symbols,
                                                   GlobalSymbol g) {
        Integer index = symbols.globalIndex().get(g.name());
        // A symbol of a second license/version copy has no entry of its own; the map shows where
        // its bytes are (the first copy).
        ElfSymbol out = index != null ? symbols.get(index) : copyEntry(layout, g);
        Location winner = g.winner().map(w -> place(inputs, w)).orElse(null);
        String section = out.isUndefined() || out.shndx() >= ElfSymbol.SHN_ABS
                ? null : layout.sections().get(out.shndx() - 1).name();
        List<Location> losers = new ArrayList<>();
        for (Declaration d : g.losers()) {
            losers.add(place(inputs, d));
        }
        List<String> externs = new ArrayList<>();
        for (Declaration d : g.declarations()) {
            if (!d.isDefinition()) {
                externs.add(inputs.files().get(d.file()).name());
            }
        }
        return new LinkMap.SymbolEntry(g.name(), ElfSymbol.bindName(g.bind()),
                ElfSymbol.visibilityName(g.visibility()), winner, section, out.value(), losers, externs);
    }

    /** The entry a global of a not-kept license/version copy would have, at the kept copy's bytes. */
    private static ElfSymbol copyEntry(Layout layout, GlobalSymbol g) {
        ElfSymbol s = g.winner().get().symbol();
        int file = g.winner().get().file();
        return ElfSymbol.of(g.name(), 0, g.bind(), g.type(), g.visibility(),
                layout.outputSectionOf(file, s.shndx()) + 1, layout.offsetOf(file, s.shndx(), s.value()), s.size());
    }

    private static Location place(InputSet inputs, Declaration d) {
        return Places.of(inputs.files().get(d.file()), d.symbol());
    }
}
