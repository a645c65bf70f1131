package dev.ebld.linker;

import dev.ebld.linker.internal.DeferredList;
import dev.ebld.linker.internal.LinkMapWriter;

import java.util.List;

/**
 * What the linker did, as data: the model behind {@code --map}.
 *
 * @param sections   every output section with the input pieces it holds
 * @param symbols    every global symbol with its winning definition and the ones that lost
 * @param unresolved every reference left to an undefined symbol
 * @param skipped    archive members that were never pulled
 * @param resolvedCalls calls resolved at link time by section-scoped lookup
 */
public record LinkMap(List<SectionEntry> sections, List<SymbolEntry> symbols,
                      List<Unresolved> unresolved, List<String> skipped, int resolvedCalls) {

    public LinkMap {
        sections = List.copyOf(sections);
        // A deferred list is already unmodifiable; copying it would build it now.
        symbols = symbols instanceof DeferredList ? symbols : List.copyOf(symbols);
        unresolved = List.copyOf(unresolved);
        skipped = List.copyOf(skipped);
    }

    /** The text written by {@code --map}: sections with pieces, symbols, unresolved references. */
    public String format() {
        return LinkMapWriter.render(this);
    }

    /** An output section: name, size, alignment and pieces in output order. */
    public record SectionEntry(String name, long size, long align, List<PieceEntry> pieces) {
        public SectionEntry {
            pieces = List.copyOf(pieces);
        }
    }

    /** Input bytes {@code [inputOffset, inputOffset+size)} of {@code file}'s section, placed at {@code outputOffset}. */
    public record PieceEntry(String file, String section, long inputOffset, long size, long outputOffset) {
    }

    /**
     * A global symbol.
     *
     * @param name        symbol name
     * @param binding     GLOBAL or WEAK
     * @param visibility  DEFAULT or HIDDEN
     * @param winner      where the winning definition came from ({@code a.o:(.text+0x0)}), or null if undefined
     * @param section     output section of the definition, or null
     * @param value       output offset of the definition
     * @param losers      definitions that lost, as locations
     * @param externs     files that only declared it
     */
    public record SymbolEntry(String name, String binding, String visibility, String winner,
                              String section, long value, List<String> losers, List<String> externs) {
        public SymbolEntry {
            losers = List.copyOf(losers);
            externs = List.copyOf(externs);
        }
    }

    /** A reference to an undefined symbol, from {@code location} (input terms). */
    public record Unresolved(String symbol, String location) {
    }
}
