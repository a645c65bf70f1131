package dev.ebld.linker.internal;

import dev.ebld.btf.BtfExt;
import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.linker.LinkDiagnosticKind;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Merges {@code .BTF.ext}: every func_info, line_info and CO-RE record moves with the
 * instruction it describes ({@code insn_off} mapped through the layout), its type id is
 * remapped to the output BTF; string offsets are left to BTF dedup, which rebuilds the string
 * section (the records carry their strings by value). Records
 * are grouped per output section, in link order, which keeps them sorted by offset.
 */
final class BtfExtMerger {
    private final InputSet inputs;
    private final Layout layout;
    private final BtfTypeMap ids;
    private final Diagnostics diags;
    private final List<List<BtfExt.FuncInfo>> funcs = new ArrayList<>();
    private final List<List<BtfExt.LineInfo>> lines = new ArrayList<>();
    private final List<List<BtfExt.CoreRelo>> relos = new ArrayList<>();
    private final int[] recordSizes = new int[3];
    private boolean any;

    BtfExtMerger(InputSet inputs, Layout layout, BtfTypeMap ids, Diagnostics diags) {
        this.inputs = inputs;
        this.layout = layout;
        this.ids = ids;
        this.diags = diags;
        for (int i = 0; i < layout.sections().size(); i++) {
            funcs.add(new ArrayList<>());
            lines.add(new ArrayList<>());
            relos.add(new ArrayList<>());
        }
    }

    Optional<BtfExt> merge(ByteOrder order) {
        for (InputFile f : inputs.files()) {
            f.btfExt().ifPresent(ext -> add(f, ext));
        }
        if (!any) {
            return Optional.empty();
        }
        // String offsets stay 0 here: BTF dedup rebuilds the string section and assigns them.
        List<BtfExt.SectionInfo<BtfExt.FuncInfo>> f = infos(funcs);
        List<BtfExt.SectionInfo<BtfExt.LineInfo>> l = infos(lines);
        List<BtfExt.SectionInfo<BtfExt.CoreRelo>> c = infos(relos);
        return Optional.of(BtfExt.of(order, recordSizes[0], f, recordSizes[1], l, recordSizes[2], c));
    }

    private void add(InputFile f, BtfExt ext) {
        any = true;
        int o = f.order();
        addBlock(f, ext.funcInfo(), 0, funcs, BtfExt.FuncInfo::insnOff,
                (r, off) -> new BtfExt.FuncInfo(off, ids.map(o, r.typeId()), r.extra()));
        addBlock(f, ext.lineInfo(), 1, lines, BtfExt.LineInfo::insnOff,
                (r, off) -> new BtfExt.LineInfo(off, 0, r.fileName(), 0, r.line(), r.lineCol(), r.extra()));
        addBlock(f, ext.coreRelos(), 2, relos, BtfExt.CoreRelo::insnOff,
                (r, off) -> new BtfExt.CoreRelo(off, ids.map(o, r.typeId()), 0, r.accessStr(), r.kind(), r.extra()));
    }

    private interface Move<T> {
        T to(T record, int newOffset);
    }

    private <T> void addBlock(InputFile f, BtfExt.Block<T> block, int kind, List<List<T>> into,
                              ToIntFunction<T> insnOff, Move<T> move) {
        if (block.sections().isEmpty()) {
            return;
        }
        if (recordSizes[kind] == 0) {
            recordSizes[kind] = block.recordSize();
        } else if (recordSizes[kind] != block.recordSize()) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.BTF_EXT_RECORD_SIZE, Location.at(f.name(), ".BTF.ext", -1),
                    "record size " + block.recordSize() + " differs from " + recordSizes[kind]
                            + " in earlier inputs"));
            return;
        }
        for (BtfExt.SectionInfo<T> si : block.sections()) {
            int inSec = DatasecBuilder.sectionIndex(f, si.secName());
            int out = inSec < 0 ? -1 : layout.outputSectionOf(f.order(), inSec);
            if (out < 0) {
                diags.add(Diagnostic.warning(LinkDiagnosticKind.BTF_EXT_RECORDS_DROPPED, Location.at(f.name(), ".BTF.ext", -1),
                        "records for section " + si.secName() + ", which is not linked, are dropped"));
                continue;
            }
            for (T r : si.records()) {
                long off = layout.offsetOf(f.order(), inSec, insnOff.applyAsInt(r));
                if (off != Layout.UNMAPPED) {
                    into.get(out).add(move.to(r, (int) off));
                }
            }
        }
    }

    /** Groups records per output section, in output section order. */
    private <T> List<BtfExt.SectionInfo<T>> infos(List<List<T>> perSection) {
        List<BtfExt.SectionInfo<T>> out = new ArrayList<>();
        for (OutputSection s : layout.sections()) {
            List<T> recs = perSection.get(s.id());
            if (!recs.isEmpty()) {
                out.add(new BtfExt.SectionInfo<>(s.name(), 0, recs));
            }
        }
        return out;
    }
}
