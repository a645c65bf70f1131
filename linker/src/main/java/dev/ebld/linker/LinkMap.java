package dev.ebld.linker;

import dev.ebld.diag.Location;

import java.util.List;
import java.util.Objects;

/**
 * What the linker did, as data: the model behind {@code --map}. Immutable; two maps are equal when
 * their contents are.
 *
 * <p>A class rather than a record so that the linker can hand out a map whose symbol entries are
 * built on first read (see {@link DeferredList}) while every map built through the public
 * constructor holds copies of what it was given.
 */
public final class LinkMap {
    private final List<SectionEntry> sections;
    private final List<SymbolEntry> symbols;
    private final List<Unresolved> unresolved;
    private final List<String> skipped;
    private final int resolvedCalls;

    /**
     * @param sections      every output section with the input pieces it holds
     * @param symbols       every global symbol with its winning definition and the ones that lost
     * @param unresolved    every reference left to an undefined symbol
     * @param skipped       archive members that were never pulled
     * @param resolvedCalls calls resolved at link time by section-scoped lookup
     */
    public LinkMap(List<SectionEntry> sections, List<SymbolEntry> symbols, List<Unresolved> unresolved,
                   List<String> skipped, int resolvedCalls) {
        this.sections = List.copyOf(sections);
        this.symbols = List.copyOf(symbols);
        this.unresolved = List.copyOf(unresolved);
        this.skipped = List.copyOf(skipped);
        this.resolvedCalls = resolvedCalls;
    }

    /** Takes the (unmodifiable) deferred symbol list as is: copying it would build it now. */
    private LinkMap(List<SectionEntry> sections, DeferredList<SymbolEntry> symbols, List<Unresolved> unresolved,
                    List<String> skipped, int resolvedCalls) {
        this.sections = List.copyOf(sections);
        this.symbols = symbols;
        this.unresolved = List.copyOf(unresolved);
        this.skipped = List.copyOf(skipped);
        this.resolvedCalls = resolvedCalls;
    }

    /** A map whose symbol entries are built on first read. */
    static LinkMap withDeferredSymbols(List<SectionEntry> sections, DeferredList<SymbolEntry> symbols,
                                       List<Unresolved> unresolved, List<String> skipped, int resolvedCalls) {
        return new LinkMap(sections, symbols, unresolved, skipped, resolvedCalls);
    }

    public List<SectionEntry> sections() {
        return sections;
    }

    public List<SymbolEntry> symbols() {
        return symbols;
    }

    public List<Unresolved> unresolved() {
        return unresolved;
    }

    public List<String> skipped() {
        return skipped;
    }

    public int resolvedCalls() {
        return resolvedCalls;
    }

    /** The text written by {@code --map}: sections with pieces, symbols, unresolved references. */
    public String format() {
        return LinkMapText.render(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkMap m && sections.equals(m.sections) && symbols.equals(m.symbols)
                && unresolved.equals(m.unresolved) && skipped.equals(m.skipped)
                && resolvedCalls == m.resolvedCalls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sections, symbols, unresolved, skipped, resolvedCalls);
    }

    @Override
    public String toString() {
        return "LinkMap[" + sections.size() + " sections, " + symbols.size() + " symbols, "
                + unresolved.size() + " unresolved]";
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
     * @param losers      definitions that lost
     * @param externs     files that only declared it
     */
    public record SymbolEntry(String name, String binding, String visibility, Location winner,
                              String section, long value, List<Location> losers, List<String> externs) {
        public SymbolEntry {
            losers = List.copyOf(losers);
            externs = List.copyOf(externs);
        }
    }

    /** A reference to an undefined symbol, from {@code location} (input terms). */
    public record Unresolved(String symbol, Location location) {
    }
}
