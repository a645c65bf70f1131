package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtWriter;
import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.btf.dedup.Dedup;
import dev.ebld.btf.dedup.DedupExt;
import dev.ebld.btf.dedup.DedupResult;
import dev.ebld.elf.internal.StringTableBuilder;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * Stage 5, merging BTF. Checks every extern against its definition ({@link ExternChecker}),
 * appends every input's types with ids remapped ({@link BtfTypeMap}), rebuilds the DATASECs from the output layout and symbols
 * ({@link DatasecBuilder}), moves {@code .BTF.ext} records ({@link BtfExtMerger}), folds
 * duplicate types with {@link Dedup} (libbpf's {@code btf__dedup} rules), and finally drops
 * the types the link left dead ({@link DeadTypes}).
 *
 * <p>After this stage: the output {@code .BTF} describes every output data section with offsets
 * that match the output symbol table, and every func_info/line_info/CO-RE record points at the
 * output instruction it was written for, and every type is referred to by a surviving one or is
 * a root (a DATASEC, a type {@code .BTF.ext} names, or one an input defined at top level).
 */
public final class BtfMerger {
    public record Result(Optional<byte[]> btf, Optional<byte[]> btfExt, Diagnostics diagnostics) {
    }

    private BtfMerger() {
    }

    public static Result merge(InputSet inputs, Resolution resolution, Layout layout, OutputSymbols symbols) {
        Diagnostics diags = new Diagnostics();
        new ExternChecker(inputs, diags).check(resolution);
        if (diags.hasErrors() || inputs.files().stream().noneMatch(f -> f.btf().isPresent())) {
            return new Result(Optional.empty(), Optional.empty(), diags);
        }
        ByteOrder order = inputs.files().get(0).elf().header().byteOrder();
        BtfTypeMap ids = BtfTypeMap.assign(inputs, resolution);
        StringTableBuilder strings = new StringTableBuilder();
        List<BtfType> types = ids.keptTypes();
        types.addAll(new DatasecBuilder(inputs, layout, symbols, ids).build(strings));
        Optional<BtfExt> ext = new BtfExtMerger(inputs, layout, ids, diags).merge(order);
        Btf btf = Btf.of(types, BtfStrings.of(strings.toByteArray()), order, null);
        // Every input repeated the types it uses (int, struct xdp_md ...); fold them, as libbpf does.
        List<String> extStrings = ext.map(DedupExt::strings).orElse(List.of());
        DedupResult d = Dedup.dedup(btf, extStrings);
        Optional<BtfExt> dedupedExt = ext.map(e -> DedupExt.remap(e, d::newId, d.stringOffsets()));
        DeadTypes.Pruned live = DeadTypes.prune(d.btf().types(), dedupedExt, u -> topLevelAmong(u, d, ids));
        if (!live.droppedAny()) {
            return new Result(Optional.of(BtfWriter.write(d.btf())), dedupedExt.map(BtfExtWriter::write), diags);
        }
        // The dropped types' names are still in the string section: deduplicating the survivors
        // (already distinct, so kept as they are) rebuilds it from the names in use.
        DedupResult again = Dedup.dedup(Btf.of(live.types(), d.btf().strings(), order, null), extStrings);
        Optional<BtfExt> finalExt = ext.map(e -> DedupExt.remap(e, id -> again.newId(live.newId(d.newId(id))),
                again.stringOffsets()));
        return new Result(Optional.of(BtfWriter.write(again.btf())), finalExt.map(BtfExtWriter::write), diags);
    }

    /**
     * Of the deduplicated types in {@code unreached}, those that stand for a type some input
     * defined at top level. Only inputs whose types were folded into an unreached one are asked.
     */
    private static boolean[] topLevelAmong(boolean[] unreached, DedupResult d, BtfTypeMap ids) {
        boolean[] out = new boolean[unreached.length];
        for (int id = 1; id <= ids.keptCount(); id++) {
            int n = d.newId(id);
            if (n > 0 && n < unreached.length && unreached[n] && !out[n] && ids.topLevel(id)) {
                out[n] = true;
            }
        }
        return out;
    }
}
