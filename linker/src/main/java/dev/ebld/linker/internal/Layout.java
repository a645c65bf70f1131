package dev.ebld.linker.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where every kept input byte went. {@code placement[file][section]} is the output section id
 * and the pieces of that input section, or null if the section was dropped; an input offset
 * outside every piece (a losing weak map) has no output offset. The arrays are copied in and
 * out, so a layout is a value (equality compares contents). (Arrays rather than a map keyed by
 * {@code (file, section)}: lookups happen for every symbol, relocation and BTF.ext record.)
 */
public record Layout(List<OutputSection> sections, Placement[][] placement) {

    /** Output section id and the pieces one input section was cut into (usually one). */
    public record Placement(int outputSection, List<Piece> pieces) {
        public Placement {
            pieces = List.copyOf(pieces);
        }
    }

    public Layout {
        sections = List.copyOf(sections);
        placement = copy(placement);
    }

    /** A copy of the placement table. */
    @Override
    public Placement[][] placement() {
        return copy(placement);
    }

    private static Placement[][] copy(Placement[][] table) {
        Placement[][] out = new Placement[table.length][];
        for (int i = 0; i < table.length; i++) {
            out[i] = table[i] == null ? null : table[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && sections.equals(l.sections) && Arrays.deepEquals(placement, l.placement);
    }

    @Override
    public int hashCode() {
        return 31 * sections.hashCode() + Arrays.deepHashCode(placement);
    }

    @Override
    public String toString() {
        return "Layout[" + sections.size() + " output sections, " + placement.length + " files]";
    }

    private Placement get(int file, int section) {
        if (file < 0 || file >= placement.length || section < 0 || section >= placement[file].length) {
            return null;
        }
        return placement[file][section];
    }

    public Optional<Placement> placementOf(int file, int section) {
        return Optional.ofNullable(get(file, section));
    }

    /** Output section id an input section went to, or -1 if it was dropped. */
    public int outputSectionOf(int file, int section) {
        Placement p = get(file, section);
        return p == null ? -1 : p.outputSection();
    }

    /**
     * Whether an input section of {@code file} that went to output section {@code out} is a
     * second copy of a section kept once ({@code license}, {@code version}): mapped onto the
     * first copy's bytes, with no piece of its own.
     */
    public boolean isDuplicateCopy(int file, int out) {
        for (Piece p : sections.get(out).pieces()) {
            if (p.file() == file) {
                return false;
            }
        }
        return true;
    }

    /** What {@link #offsetOf} returns for a byte that has no output offset. */
    public static final long UNMAPPED = -1;

    /**
     * Output offset of byte {@code offset} of an input section. An offset equal to the section's
     * end maps to the end of its last piece, so that end-of-section symbols stay put.
     */
    public Optional<Long> map(int file, int section, long offset) {
        long out = offsetOf(file, section, offset);
        return out == UNMAPPED ? Optional.empty() : Optional.of(out);
    }

    /**
     * {@link #map} without boxing, for the per-relocation and per-record paths: the output
     * offset, or {@link #UNMAPPED}. Output offsets are never negative.
     */
    public long offsetOf(int file, int section, long offset) {
        Placement p = get(file, section);
        if (p == null) {
            return UNMAPPED;
        }
        List<Piece> pieces = p.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            if (piece.contains(offset) || offset == piece.inStart() + piece.length() && pieces.size() == 1) {
                return piece.outOffset() + offset - piece.inStart();
            }
        }
        return UNMAPPED;
    }
}
