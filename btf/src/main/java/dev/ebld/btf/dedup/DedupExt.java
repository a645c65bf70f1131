package dev.ebld.btf.dedup;

import dev.ebld.btf.BtfExt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Moves a {@code .BTF.ext} section onto new BTF: after {@link Concat} or {@link Dedup} its
 * func_info and CO-RE records must name the new type ids, and its section names, file names,
 * source lines and access strings the new string offsets. Record sizes and the header layout are
 * kept, so the section keeps its length.
 */
public final class DedupExt {
    private DedupExt() {
    }

    /** Every string {@code ext} refers to, in order of first reference: pass these to {@link Dedup#dedup}. */
    public static List<String> strings(BtfExt ext) {
        Set<String> out = new LinkedHashSet<>();
        for (BtfExt.SectionInfo<BtfExt.FuncInfo> s : ext.funcInfo().sections()) {
            out.add(s.secName());
        }
        for (BtfExt.SectionInfo<BtfExt.LineInfo> s : ext.lineInfo().sections()) {
            out.add(s.secName());
            // Neighbouring records usually share the file name and often the line: skip the set
            // when the string is the very one just added (the reader shares one String per offset).
            String lastFile = null;
            String lastLine = null;
            for (BtfExt.LineInfo l : s.records()) {
                if (l.fileName() != lastFile) {
                    lastFile = l.fileName();
                    out.add(lastFile);
                }
                if (l.line() != lastLine) {
                    lastLine = l.line();
                    out.add(lastLine);
                }
            }
        }
        for (BtfExt.SectionInfo<BtfExt.CoreRelo> s : ext.coreRelos().sections()) {
            out.add(s.secName());
            for (BtfExt.CoreRelo r : s.records()) {
                out.add(r.accessStr());
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * {@code ext} with type ids mapped through {@code typeIds} and strings looked up in
     * {@code stringOffsets} (e.g. {@link DedupResult#stringOffsets()}); every string must be there.
     */
    public static BtfExt remap(BtfExt ext, IntUnaryOperator typeIds, Map<String, Integer> stringOffsets) {
        // One memo per field, so that alternating file name / line lookups each hit their own.
        Offsets str = new Offsets(stringOffsets);
        Offsets files = new Offsets(stringOffsets);
        Offsets lines = new Offsets(stringOffsets);
        return new BtfExt(ext.order(), ext.version(), ext.flags(), ext.hdrLen(),
                block(ext.funcInfo(), str, f -> new BtfExt.FuncInfo(f.insnOff(), typeIds.applyAsInt(f.typeId()), f.extra())),
                block(ext.lineInfo(), str, l -> new BtfExt.LineInfo(l.insnOff(), files.of(l.fileName()), l.fileName(),
                        lines.of(l.line()), l.line(), l.lineCol(), l.extra())),
                block(ext.coreRelos(), str, r -> new BtfExt.CoreRelo(r.insnOff(), typeIds.applyAsInt(r.typeId()),
                        str.of(r.accessStr()), r.accessStr(), r.kind(), r.extra())));
    }

    /**
     * String offsets by string. Neighbouring records repeat their file name and often their
     * line, and the reader shares one String per offset, so the last answer is kept and reused
     * when the same String is asked for again.
     */
    private static final class Offsets {
        private final Map<String, Integer> offsets;
        private String last;
        private int lastOffset;

        Offsets(Map<String, Integer> offsets) {
            this.offsets = offsets;
        }

        int of(String s) {
            if (s != last) {
                Integer off = offsets.get(s);
                if (off == null) {
                    throw new IllegalArgumentException(".BTF.ext string \"" + s + "\" is missing from the new BTF");
                }
                last = s;
                lastOffset = off;
            }
            return lastOffset;
        }
    }

    private static <T> BtfExt.Block<T> block(BtfExt.Block<T> b, Offsets str, Function<T, T> rec) {
        List<BtfExt.SectionInfo<T>> sections = new ArrayList<>(b.sections().size());
        for (BtfExt.SectionInfo<T> s : b.sections()) {
            List<T> records = new ArrayList<>(s.records().size());
            for (T r : s.records()) {
                records.add(rec.apply(r));
            }
            sections.add(new BtfExt.SectionInfo<>(s.secName(), str.of(s.secName()), records));
        }
        return new BtfExt.Block<>(b.off(), b.len(), b.recordSize(), sections);
    }
}
