package dev.ebld.linker.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where every kept input byte went. {@code placement} maps {@code (file, section)} to the
 * output section id and the pieces of that input section; an input section absent from it was
 * dropped, and an input offset outside every piece (a losing weak map) has no output offset.
 */
public record Layout(List<OutputSection> sections, Map<Long, Placement> placement) {

    /** Output section id and the pieces one input section was cut into (usually one). */
    public record Placement(int outputSection, List<Piece> pieces) {
        public Placement {
            pieces = List.copyOf(pieces);
        }
    }

    public Layout {
        sections = List.copyOf(sections);
        placement = Map.copyOf(placement);
    }

    static long key(int file, int section) {
        return ((long) file << 32) | (section & 0xffffffffL);
    }

    public Optional<Placement> placementOf(int file, int section) {
        return Optional.ofNullable(placement.get(key(file, section)));
    }

    /** Output section id an input section went to, or -1 if it was dropped. */
    public int outputSectionOf(int file, int section) {
        Placement p = placement.get(key(file, section));
        return p == null ? -1 : p.outputSection();
    }

    /**
     * Output offset of byte {@code offset} of an input section. An offset equal to the section's
     * end maps to the end of its last piece, so that end-of-section symbols stay put.
     */
    public Optional<Long> map(int file, int section, long offset) {
        Placement p = placement.get(key(file, section));
        if (p == null) {
            return Optional.empty();
        }
        for (Piece piece : p.pieces()) {
            if (piece.contains(offset) || offset == piece.inStart() + piece.length()
                    && p.pieces().size() == 1) {
                return Optional.of(piece.outOffset() + offset - piece.inStart());
            }
        }
        return Optional.empty();
    }
}
