package dev.ebld.loader;

import dev.ebld.btf.Btf;
import dev.ebld.diag.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the source line of an instruction named by its location in the object
 * ({@code file:(section+0xoffset)}, as {@link LoaderException#location()} gives it for a refused
 * program, already traced back through the subprograms the loader appended). The line is the
 * function's last line_info record at or before the instruction: a record covers the
 * instructions up to the next one, which is how the kernel's verifier log places its
 * {@code ; source} comments ({@code verbose_linfo}).
 */
public final class SourceLines {
    private final Optional<Btf> btf;
    private final List<BpfFunction> functions;

    private SourceLines(Optional<Btf> btf, List<BpfFunction> functions) {
        this.btf = btf;
        this.functions = functions;
    }

    /** The line tables of every program entry and subprogram of {@code object}. */
    public static SourceLines of(BpfObject object) {
        List<BpfFunction> fs = new ArrayList<>();
        object.programs().forEach(p -> fs.add(p.entry()));
        fs.addAll(object.subprograms().values());
        return new SourceLines(object.btf(), List.copyOf(fs));
    }

    /**
     * The source line of the instruction at {@code at}; empty when the location names no
     * instruction of a function, or the object has no BTF or no line_info covering it.
     */
    public Optional<SourceLine> at(Location at) {
        if (btf.isEmpty() || at.section() == null || at.offset() < 0) {
            return Optional.empty();
        }
        for (BpfFunction f : functions) {
            long rel = at.offset() - f.sectionOffset();
            if (f.section().equals(at.section()) && rel >= 0 && rel < 8L * f.code().slotCount()) {
                return lineOf(f, (int) (rel / 8));
            }
        }
        return Optional.empty();
    }

    private Optional<SourceLine> lineOf(BpfFunction f, int slot) {
        ExtRecords.Line best = null;
        for (ExtRecords.Line l : f.lineInfo()) {
            if (l.slot() <= slot && (best == null || l.slot() >= best.slot())) {
                best = l;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Btf b = btf.get();
        // line_col packs the line in the upper 22 bits and the column in the lower 10 (BPF_LINE_INFO_LINE_NUM).
        return Optional.of(new SourceLine(b.string(best.fileNameOff()), best.lineCol() >>> 10,
                best.lineCol() & 0x3ff, b.string(best.lineOff()).strip()));
    }
}
