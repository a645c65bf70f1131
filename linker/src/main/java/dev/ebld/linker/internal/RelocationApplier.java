package dev.ebld.linker.internal;

import dev.ebld.bytes.FixedWidth;
import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Slot;
import dev.ebld.linker.LinkDiagnosticKind;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 4, applying relocations. Every input relocation is moved to its output offset and
 * re-targeted to an output symbol. Three rules change instruction bytes:
 *
 * <ol>
 *   <li><b>Section-symbol references carry their target in the immediate</b> (REL, addend in
 *       place), relative to the input section. They are rewritten to the output section: a data
 *       reference ({@code ld_imm64}, {@code R_BPF_64_64}) holds a byte offset, so it becomes the
 *       mapped byte offset; a call ({@code R_BPF_64_32}) holds the target slot minus one, so it
 *       becomes the mapped slot minus one. For plain concatenation that is libbpf's
 *       {@code imm += off} and {@code imm += off / 8}; written as a mapping it also covers
 *       {@code .maps}, where pieces move independently. Data sections (ABS64/ABS32) likewise.</li>
 *   <li><b>Section-scoped lookup</b> (Edward Cree's ebld.py model): a call is resolved in the
 *       scope of the section it is made from. If its target lands in the same output section
 *       as the call site, the immediate becomes the final pc-relative distance
 *       ({@code target - (site + 8)} in slots) and no relocation is emitted; libbpf's loader
 *       reads a relocation-less pseudo call as pc-relative within its section.</li>
 *   <li>Everything else (program to {@code .text}, maps, global data, externs) keeps a
 *       relocation in the form libbpf's loader expects.</li>
 * </ol>
 *
 * References left to undefined symbols are collected; with {@code --no-undefined} each becomes
 * part of one {@code undefined-symbol} error per name listing every referencing location.
 */
public final class RelocationApplier {
    private final Diagnostics diags = new Diagnostics();
    private final InputSet inputs;
    private final Layout layout;
    private final OutputSymbols symbols;
    private final Resolution resolution;
    private final List<byte[]> data = new ArrayList<>();
    private final List<List<Relocation>> relocations = new ArrayList<>();
    private final List<UnresolvedRef> unresolved = new ArrayList<>();
    private int resolvedCalls;

    public record Result(Relocated relocated, Diagnostics diagnostics) {
    }

    private RelocationApplier(InputSet inputs, Resolution resolution, Layout layout, OutputSymbols symbols) {
        this.inputs = inputs;
        this.resolution = resolution;
        this.layout = layout;
        this.symbols = symbols;
        for (OutputSection s : layout.sections()) {
            data.add(s.data());
            relocations.add(new ArrayList<>());
        }
    }

    public static Result apply(InputSet inputs, Resolution resolution, Layout layout,
                               OutputSymbols symbols, boolean noUndefined) {
        RelocationApplier a = new RelocationApplier(inputs, resolution, layout, symbols);
        for (InputFile f : inputs.files()) {
            for (Section s : f.elf().sections()) {
                if (f.role(s.index()) == SectionRole.REL) {
                    a.applySection(f, s);
                }
            }
        }
        if (noUndefined) {
            a.reportUndefined();
        }
        return new Result(new Relocated(a.data, a.relocations, a.unresolved, a.resolvedCalls), a.diags);
    }

    private void applySection(InputFile f, Section rel) {
        int target = rel.info();
        int out = layout.outputSectionOf(f.order(), target);
        if (out < 0) {
            return;
        }
        Section targetSec = f.section(target);
        List<Relocation> rels = ((SectionContent.Relocations) rel.content()).relocations();
        for (int i = 0; i < rels.size(); i++) {
            apply(f, targetSec, out, rels.get(i));
        }
    }

    /**
     * One relocation per call: C1 compiles a method called thousands of times early, while a
     * loop of a few hundred iterations per section waits for the back-edge threshold (see
     * docs/performance.md).
     */
    private void apply(InputFile f, Section target, int out, Relocation r) {
        long outOff = layout.offsetOf(f.order(), target.index(), r.offset());
        if (outOff == Layout.UNMAPPED) {
            return; // inside a dropped piece (a losing weak map)
        }
        if (checkBounds(f, target, r)) {
            applyOne(f, target, out, outOff, r);
        }
    }

    /**
     * Where relocation {@code r} applies, in input terms. Built only when something is reported:
     * a link applies about a million relocations at 40 x 400 and reports none.
     */
    private static Location at(InputFile f, Section target, Relocation r) {
        return Places.at(f, target.index(), r.offset());
    }

    private boolean checkBounds(InputFile f, Section target, Relocation r) {
        long need = target.isExecutable() ? Slot.SIZE : r.type() == Relocation.R_BPF_64_ABS64 ? 8 : 4;
        if (r.symbolIndex() <= 0 || r.symbolIndex() >= f.symbols().size()) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.BAD_RELOCATION_SYMBOL, at(f, target, r), "relocation refers to symbol index "
                    + r.symbolIndex() + " outside the symbol table"));
            return false;
        }
        if (r.offset() < 0 || r.offset() + need > target.size()
                || target.isExecutable() && r.offset() % Slot.SIZE != 0) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.BAD_RELOCATION_OFFSET, at(f, target, r), "relocation offset 0x"
                    + Long.toHexString(r.offset()) + " is outside or misaligned in " + target.name()));
            return false;
        }
        if (r.type() == Relocation.R_BPF_NONE) {
            return false;
        }
        return true;
    }

    private void applyOne(InputFile f, Section target, int out, long outOff, Relocation r) {
        ElfSymbol sym = f.symbols().get(r.symbolIndex());
        int outSym = symbols.map(f.order(), r.symbolIndex());
        if (outSym < 0) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.RELOCATION_TO_UNLINKED_SECTION, at(f, target, r), "relocation against "
                    + describe(sym) + ", which lies in a section that is not linked"));
            return;
        }
        ByteOrder order = f.elf().header().byteOrder();
        byte[] bytes = data.get(out);
        if (sym.type() == ElfSymbol.STT_SECTION
                && !rewriteSectionAddend(f, sym, target, r, bytes, outOff)) {
            return;
        }
        if (target.isExecutable()
                && InsnCodec.decodeSingle(Slot.read(bytes, (int) outOff, order)) instanceof Jump.Call c
                && c.target() == CallKind.LOCAL && resolveCallLocally(out, outOff, outSym, c, bytes, order)) {
            resolvedCalls++;
            return;
        }
        ElfSymbol o = symbols.get(outSym);
        if (o.isUndefined()) {
            NameSpace space = resolution.find(o.name()).map(GlobalSymbol::space).orElse(NameSpace.ORDINARY);
            unresolved.add(new UnresolvedRef(o.name(), at(f, target, r),
                    space.isLoaderResolved()));
        }
        relocations.get(out).add(new Relocation(outOff, outSym, r.type(), r.addend()));
    }

    /** Rule 1: move an in-place section-relative target to the output section. */
    private boolean rewriteSectionAddend(InputFile f, ElfSymbol sym, Section target, Relocation r,
                                         byte[] bytes, long off) {
        Location at = at(f, target, r);
        int type = r.type();
        ByteOrder order = f.elf().header().byteOrder();
        int s = sym.shndx();
        if (target.isExecutable()) {
            Insn insn = InsnCodec.decode(bytes, (int) off, order);
            if (insn instanceof Jump.Call c) {
                Optional<Long> t = layout.map(f.order(), s, (c.imm() + 1L) * Slot.SIZE);
                return store(t.map(v -> v / Slot.SIZE - 1),
                        v -> InsnCodec.encodeAt(c.withImm((int) v), bytes, (int) off, order), at, sym, f);
            }
            if (insn instanceof LdImm64 ld) {
                Optional<Long> t = layout.map(f.order(), s, (long) ld.lo());
                return store(t, v -> InsnCodec.encodeAt(ld.withLo((int) v), bytes, (int) off, order), at, sym, f);
            }
            diags.add(Diagnostic.error(LinkDiagnosticKind.UNSUPPORTED_RELOCATION_OPCODE, at, "section-relative relocation on opcode 0x"
                    + Integer.toHexString(insn.slots().get(0).opcode()) + ", which is neither a call nor ld_imm64"));
            return false;
        }
        if (bytes.length == 0) {
            return true; // NOBITS target: nothing stored in place
        }
        boolean wide = type == Relocation.R_BPF_64_ABS64;
        int p = (int) off;
        long v = wide ? FixedWidth.u64(bytes, p, order) : FixedWidth.uint32(bytes, p, order);
        Optional<Long> t = layout.map(f.order(), s, v);
        return store(t, nv -> {
            if (wide) {
                FixedWidth.put64(bytes, p, order, nv);
            } else {
                FixedWidth.put32(bytes, p, order, (int) nv);
            }
        }, at, sym, f);
    }

    private boolean store(Optional<Long> value, java.util.function.LongConsumer write, Location at,
                          ElfSymbol sym, InputFile f) {
        if (value.isEmpty()) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.RELOCATION_TARGET_NOT_LINKED, at, "section-relative target in "
                    + f.section(sym.shndx()).name() + " is outside the bytes that are linked"));
            return false;
        }
        write.accept(value.get());
        return true;
    }

    /** Rule 2: a call whose target lands in the call site's own output section. */
    private boolean resolveCallLocally(int out, long site, int outSym, Jump.Call call, byte[] bytes,
                                       ByteOrder order) {
        ElfSymbol o = symbols.get(outSym);
        if (o.isUndefined() || o.shndx() != out + 1) {
            return false;
        }
        long target = o.value() + (call.imm() + 1L) * Slot.SIZE;
        long rel = (target - site) / Slot.SIZE - 1;
        InsnCodec.encodeAt(call.withImm((int) rel), bytes, (int) site, order);
        return true;
    }

    private void reportUndefined() {
        Map<String, List<UnresolvedRef>> byName = new LinkedHashMap<>();
        for (UnresolvedRef u : unresolved) {
            if (!u.loaderSpace()) {
                byName.computeIfAbsent(u.symbol(), k -> new ArrayList<>()).add(u);
            }
        }
        for (Map.Entry<String, List<UnresolvedRef>> e : byName.entrySet()) {
            List<String> notes = new ArrayList<>();
            for (UnresolvedRef u : e.getValue()) {
                notes.add("referenced by " + u.location().format());
            }
            Location first = e.getValue().get(0).location();
            diags.add(new Diagnostic(LinkDiagnosticKind.UNDEFINED_SYMBOL, dev.ebld.diag.Severity.ERROR,
                    Location.file(first.file()).withSymbol(e.getKey()), "undefined symbol: " + e.getKey(), notes));
        }
    }

    private static String describe(ElfSymbol s) {
        return s.type() == ElfSymbol.STT_SECTION ? "a section symbol" : "symbol " + s.name();
    }
}
