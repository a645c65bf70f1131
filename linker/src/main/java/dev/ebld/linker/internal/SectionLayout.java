package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkDiagnosticKind;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 3, laying out sections. Input sections with the same name are concatenated in link
 * order into one output section, each at its own alignment; the output takes the largest
 * alignment. Output sections appear in order of first appearance. Rules, as in libbpf:
 *
 * <ul>
 *   <li>type, flags and entry size of same-named sections must agree;</li>
 *   <li>{@code license} and {@code version} must have identical contents and are kept once;</li>
 *   <li>{@code .maps} is cut into one piece per map symbol, and the pieces of losing weak maps
 *       are left out, so that no phantom map definition stays behind (libbpf keeps them).</li>
 * </ul>
 *
 * After this stage: every kept input byte has an output offset ({@link Layout#map}).
 */
public final class SectionLayout {
    private final Diagnostics diags = new Diagnostics();
    private final Map<String, Builder> outputs = new LinkedHashMap<>();
    private Layout.Placement[][] placement;

    public record Result(Layout layout, Diagnostics diagnostics) {
    }

    /** An output section being filled. */
    private static final class Builder {
        final int id;
        final InputFile firstFile;
        final Section first;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Piece> pieces = new ArrayList<>();
        long size;
        long align = 1;

        Builder(int id, InputFile firstFile, Section first) {
            this.id = id;
            this.firstFile = firstFile;
            this.first = first;
        }
    }

    /** Sections whose contents must agree across inputs and are emitted once. */
    public static boolean isKeptOnce(String name) {
        return name.equals("license") || name.equals("version");
    }

    public static Result layOut(InputSet inputs, Resolution resolution) {
        SectionLayout l = new SectionLayout();
        l.placement = new Layout.Placement[inputs.files().size()][];
        for (InputFile f : inputs.files()) {
            l.placement[f.order()] = new Layout.Placement[f.elf().sections().size()];
            boolean[] labelled = labelledSections(f);
            for (Section s : f.elf().sections()) {
                // Empty sections nothing points into (clang's .text in an object with only
                // program sections) are left out, as libbpf does.
                if (f.role(s.index()).isContent() && (s.size() > 0 || labelled[s.index()])) {
                    l.place(f, s, resolution);
                }
            }
        }
        return new Result(new Layout(l.finish(), l.placement), l.diags);
    }

    /** Per section index: does any symbol other than the section symbol point into it? */
    private static boolean[] labelledSections(InputFile f) {
        boolean[] out = new boolean[f.elf().sections().size()];
        for (ElfSymbol sym : f.symbols()) {
            if (sym.type() != ElfSymbol.STT_SECTION && sym.shndx() > 0 && sym.shndx() < out.length) {
                out[sym.shndx()] = true;
            }
        }
        return out;
    }

    private void place(InputFile f, Section s, Resolution resolution) {
        Builder b = outputs.get(s.name());
        if (b == null) {
            b = new Builder(outputs.size(), f, s);
            outputs.put(s.name(), b);
        } else if (!compatible(f, s, b)) {
            return;
        } else if (isKeptOnce(s.name())) {
            keepOnce(f, s, b);
            return;
        }
        List<long[]> ranges = NameSpace.ofSection(s.name()) == NameSpace.MAPS
                ? MapPieces.keptRanges(f, s, resolution)
                : List.of(new long[] {0, s.size()});
        List<Piece> pieces = new ArrayList<>(ranges.size());
        long align = Math.max(1, s.addralign());
        byte[] data = s.type() != SectionType.SHT_NOBITS ? s.data() : null;
        for (long[] r : ranges) {
            long at = alignUp(b.size, align);
            pad(b, at);
            Piece p = new Piece(f.order(), s.index(), r[0], r[1], at);
            if (data != null) {
                b.bytes.write(data, (int) r[0], (int) r[1]);
            }
            b.size = at + r[1];
            pieces.add(p);
        }
        b.align = Math.max(b.align, align);
        b.pieces.addAll(pieces);
        placement[f.order()][s.index()] = new Layout.Placement(b.id, pieces);
    }

    private boolean compatible(InputFile f, Section s, Builder b) {
        Section o = b.first;
        String what = o.type() != s.type() ? "type " + SectionType.name(s.type()) + " vs " + SectionType.name(o.type())
                : o.flags() != s.flags() ? "flags 0x" + Long.toHexString(s.flags()) + " vs 0x" + Long.toHexString(o.flags())
                : o.entsize() != s.entsize() ? "entry size " + s.entsize() + " vs " + o.entsize()
                : null;
        if (what == null) {
            return true;
        }
        diags.add(Diagnostic.error(LinkDiagnosticKind.SECTION_MISMATCH, Location.at(f.name(), s.name(), -1),
                "section " + s.name() + " is incompatible with the same-named section of "
                        + b.firstFile.name() + ": " + what,
                "first seen in " + Location.at(b.firstFile.name(), o.name(), -1).format()));
        return false;
    }

    private void keepOnce(InputFile f, Section s, Builder b) {
        if (!s.bytes().equals(b.first.bytes())) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.LICENSE_MISMATCH, Location.at(f.name(), s.name(), -1),
                    "section " + s.name() + " is \"" + printable(s.data()) + "\" here but \""
                            + printable(b.first.data()) + "\" in " + b.firstFile.name(),
                    "first seen in " + Location.at(b.firstFile.name(), s.name(), -1).format()));
            return;
        }
        Piece firstCopy = b.pieces.get(0);
        placement[f.order()][s.index()] = new Layout.Placement(b.id, List.of(
                new Piece(f.order(), s.index(), 0, s.size(), firstCopy.outOffset())));
    }

    private static String printable(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (byte c : data) {
            if (c == 0) {
                break;
            }
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
        }
        return sb.toString();
    }

    private static void pad(Builder b, long at) {
        if (b.first.type() != SectionType.SHT_NOBITS) {
            for (long i = b.size; i < at; i++) {
                b.bytes.write(0);
            }
        }
    }

    static long alignUp(long v, long align) {
        return (v + align - 1) / align * align;
    }

    private List<OutputSection> finish() {
        List<OutputSection> out = new ArrayList<>(outputs.size());
        for (Builder b : outputs.values()) {
            Section s = b.first;
            byte[] data = s.type() == SectionType.SHT_NOBITS ? new byte[0] : b.bytes.toByteArray();
            out.add(new OutputSection(b.id, s.name(), s.type(), s.flags(), s.entsize(), b.align,
                    b.size, data, b.pieces));
        }
        return out;
    }
}
