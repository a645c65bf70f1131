package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfDedup;
import dev.ebld.btf.BtfDedupExt;
import dev.ebld.btf.BtfDedupResult;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtWriter;
import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.elf.StringTableBuilder;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/**
 * Stage 5, merging BTF. Checks every extern against its definition ({@link ExternChecker}),
 * appends every input's types with ids remapped ({@link BtfTypeMap}), rebuilds the DATASECs from the output layout and symbols
 * ({@link DatasecBuilder}), moves {@code .BTF.ext} records ({@link BtfExtMerger}), drops the types
 * the link left dead ({@link DeadTypes}), and finally folds duplicate types with {@link BtfDedup}
 * (libbpf's {@code btf__dedup} rules).
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
        DeadTypes.Pruned live = DeadTypes.prune(types, ids.topLevel(), ext);
        Btf btf = Btf.of(live.types(), BtfStrings.of(strings.toByteArray()), order, null);
        // Every input repeated the types it uses (int, struct xdp_md ...); fold them, as libbpf does.
        BtfDedupResult d = BtfDedup.dedup(btf, ext.map(BtfDedupExt::strings).orElse(List.of()));
        Optional<BtfExt> dedupedExt = ext.map(e -> BtfDedupExt.remap(e, id -> d.newId(live.newId(id)),
                d.stringOffsets()));
        return new Result(Optional.of(BtfWriter.write(d.btf())), dedupedExt.map(BtfExtWriter::write), diags);
    }
}
