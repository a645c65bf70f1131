package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.BtfExt;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.InsnFormatException;
import dev.ebld.insn.InsnList;
import dev.ebld.insn.Jump;
import dev.ebld.insn.Reference;
import dev.ebld.loader.BpfFunction;
import dev.ebld.loader.BpfProgram;
import dev.ebld.loader.ExtRecords;
import dev.ebld.loader.SecDef;
import dev.ebld.loader.SectionDefs;
import dev.ebld.loader.kernel.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open stage for code, after libbpf's {@code bpf_object__init_progs} and
 * {@code bpf_object__collect_relos}: every executable section is split at its FUNC symbols;
 * functions in {@code .text} are subprograms, the others programs typed by their section's
 * {@link SecDef}. Each function's relocations become symbolic {@link Reference}s
 * ({@link ReferenceFinder}) and its {@code .BTF.ext} records are re-based on its first slot.
 * After this stage no instruction refers to anything by ELF symbol index or section offset.
 */
public final class ProgramCollector {
    public static final String TEXT = ".text";

    public record Result(List<BpfProgram> programs, Map<String, BpfFunction> subprograms) {
    }

    private final ObjectContext ctx;
    private final ReferenceFinder refs;

    public ProgramCollector(ObjectContext ctx, ReferenceFinder refs) {
        this.ctx = ctx;
        this.refs = refs;
    }

    public Result collect() {
        List<BpfProgram> programs = new ArrayList<>();
        Map<String, BpfFunction> subprograms = new LinkedHashMap<>();
        for (Section s : ctx.elf().sections()) {
            if (!s.isExecutable() || s.type() != SectionType.SHT_PROGBITS || s.size() == 0) {
                continue;
            }
            boolean text = s.name().equals(TEXT);
            SecDef def = text ? null : secDef(s);
            for (BpfFunction f : functions(s)) {
                if (text) {
                    subprograms.put(f.name(), f);
                } else {
                    programs.add(new BpfProgram(f, def, !s.name().startsWith("?")));
                }
            }
        }
        return new Result(programs, subprograms);
    }

    private SecDef secDef(Section s) {
        String name = s.name().startsWith("?") ? s.name().substring(1) : s.name();
        return SectionDefs.find(name).orElseThrow(() -> ctx.error(LoaderDiagnosticKind.UNKNOWN_SECTION, s.name(), 0,
                null, Errno.ESRCH, "failed to find program SEC definition for section '"
                        + s.name() + "'"));
    }

    private List<BpfFunction> functions(Section s) {
        List<ElfSymbol> funcs = new ArrayList<>();
        for (ElfSymbol sym : ctx.elf().symbols()) {
            if (sym.shndx() == s.index() && sym.type() == ElfSymbol.STT_FUNC) {
                funcs.add(sym);
            }
        }
        funcs.sort((a, b) -> Long.compare(a.value(), b.value()));
        List<Insn> insns = decode(s);
        InsnList all = InsnList.of(insns);
        Map<Long, Relocation> relos = new HashMap<>();
        ctx.elf().relocationsFor(s.index()).forEach(r -> relos.put(r.offset(), r));
        List<BpfFunction> out = new ArrayList<>();
        for (ElfSymbol f : funcs) {
            out.add(function(s, all, f, relos));
        }
        return out;
    }

    private BpfFunction function(Section s, InsnList all, ElfSymbol f, Map<Long, Relocation> relos) {
        if (!s.name().equals(TEXT) && f.isLocal()) {
            throw ctx.error(LoaderDiagnosticKind.STATIC_PROGRAM, s.name(), f.value(), f.name(), Errno.EOPNOTSUPP,
                    "program '" + f.name() + "' is static and not supported");
        }
        int startSlot = (int) (f.value() / 8);
        int from = all.indexAtSlot(startSlot);
        int endSlot = (int) ((f.value() + f.size()) / 8);
        int to = endSlot == all.slotCount() ? all.size() : all.indexAtSlot(endSlot);
        if (f.value() % 8 != 0 || f.size() % 8 != 0 || from < 0 || to < 0 || f.size() == 0) {
            throw ctx.error(LoaderDiagnosticKind.BAD_FUNCTION, s.name(), f.value(), f.name(), Errno.EINVAL,
                    "function is not a whole number of instructions (size " + f.size() + ")");
        }
        String name = ctx.functionKey(f);
        InsnList.Builder b = InsnList.builder().label(name);
        for (int i = from; i < to; i++) {
            long byteOff = (long) all.slotOffset(i) * 8;
            Relocation r = relos.get(byteOff);
            Insn insn = all.insn(i);
            Reference ref = r != null ? refs.fromRelocation(s, byteOff, insn, r)
                    : sameSectionCall(s, all, i, insn);
            if (ref != null) {
                b.add(insn, ref);
            } else {
                b.add(insn);
            }
        }
        return new BpfFunction(name, s.name(), f.value(), b.build(),
                funcInfo(s, startSlot, all.slotOffset(to)), lineInfo(s, startSlot, all.slotOffset(to)),
                coreRelos(s, startSlot, all.slotOffset(to)));
    }

    /** A call without relocation goes to a static function of the same section (libbpf's "no relo" case). */
    private Reference sameSectionCall(Section s, InsnList all, int i, Insn insn) {
        if (!(insn instanceof Jump.Call c) || c.target() != dev.ebld.insn.CallKind.LOCAL) {
            return null;
        }
        long target = (long) (all.slotOffset(i) + c.imm() + 1) * 8;
        return refs.subprogAt(s, (long) all.slotOffset(i) * 8, target);
    }

    private List<Insn> decode(Section s) {
        try {
            return InsnCodec.decodeAll(s.data(), ctx.order());
        } catch (InsnFormatException e) {
            throw ctx.error(LoaderDiagnosticKind.BAD_INSN, s.name(), -1, null, Errno.EINVAL, e.getMessage());
        }
    }

    private List<ExtRecords.Func> funcInfo(Section s, int from, int to) {
        return inFunction(extRecords(s, BtfExt::funcInfo), BtfExt.FuncInfo::insnOff, from, to,
                (r, slot) -> new ExtRecords.Func(slot, r.typeId()));
    }

    private List<ExtRecords.Line> lineInfo(Section s, int from, int to) {
        return inFunction(extRecords(s, BtfExt::lineInfo), BtfExt.LineInfo::insnOff, from, to,
                (r, slot) -> new ExtRecords.Line(slot, r.fileNameOff(), r.lineOff(), r.lineCol()));
    }

    private List<ExtRecords.Core> coreRelos(Section s, int from, int to) {
        return inFunction(extRecords(s, BtfExt::coreRelos), BtfExt.CoreRelo::insnOff, from, to,
                (r, slot) -> new ExtRecords.Core(slot, r.typeId(), r.accessStr(), r.kind()));
    }

    /** The records whose byte offset falls in slots [from, to), re-based on {@code from}. */
    private static <T, R> List<R> inFunction(List<T> records, java.util.function.ToIntFunction<T> byteOff,
            int from, int to, java.util.function.BiFunction<T, Integer, R> rebase) {
        List<R> out = new ArrayList<>();
        for (T r : records) {
            int slot = byteOff.applyAsInt(r) / 8;
            if (slot >= from && slot < to) {
                out.add(rebase.apply(r, slot - from));
            }
        }
        return out;
    }

    private <T> List<T> extRecords(Section s, java.util.function.Function<BtfExt, BtfExt.Block<T>> block) {
        if (ctx.ext().isEmpty()) {
            return List.of();
        }
        for (BtfExt.SectionInfo<T> si : block.apply(ctx.ext().get()).sections()) {
            if (si.secName().equals(s.name())) {
                return si.records();
            }
        }
        return List.of();
    }
}
