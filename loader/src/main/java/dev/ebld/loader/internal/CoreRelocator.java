package dev.ebld.loader.internal;

import dev.ebld.loader.LoaderDiagnosticKind;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.insn.Alu;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnList;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.loader.BpfFunction;
import dev.ebld.loader.ExtRecords;
import dev.ebld.loader.kernel.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies a function's CO-RE relocations against a target BTF, after libbpf's
 * {@code bpf_core_calc_relo_insn} and {@code bpf_core_patch_insn}:
 * <ol>
 * <li>parse the local spec from the access string;</li>
 * <li>candidates are the target types of a compatible kind whose name equals the local name
 *     once both lose their {@code ___flavor} suffix;</li>
 * <li>each candidate is matched (field chain, type compatibility or match, enumerator) and gives
 *     a value; all matching candidates must agree;</li>
 * <li>no candidate: existence relocations give 0, type ones 0, the others poison the
 *     instruction ({@code call 0xbad2310}; an {@code ld_imm64} becomes two such calls);</li>
 * <li>the instruction's immediate (ALU, {@code ld_imm64}) or offset (load, store) is checked
 *     against the local value and replaced; a load or store whose field changed size gets the
 *     new size when the field is an unsigned integer or a pointer, and is poisoned otherwise.</li>
 * </ol>
 */
public final class CoreRelocator {
    /** {@code call 0xbad2310}: libbpf's poison, a helper id no kernel has. */
    public static final int POISON_HELPER = 0xbad2310;

    private final ObjectContext ctx;
    private final Supplier<Btf> target;
    private Map<String, List<Integer>> byEssentialName;

    public CoreRelocator(ObjectContext ctx, Supplier<Btf> target) {
        this.ctx = ctx;
        this.target = target;
    }

    public BpfFunction apply(BpfFunction f) {
        if (f.coreRelos().isEmpty()) {
            return f;
        }
        InsnList code = f.code();
        // Poisoning an ld_imm64 turns one instruction into two; the slots stay where they were.
        for (ExtRecords.Core r : f.coreRelos()) {
            code = relocate(f, code, r);
        }
        return f.withCode(code);
    }

    private InsnList relocate(BpfFunction f, InsnList code, ExtRecords.Core r) {
        int idx = code.indexAtSlot(r.slot());
        long off = f.sectionOffset() + 8L * r.slot();
        CoreKind kind = CoreKind.of(r.kind());
        if (idx < 0 || kind == null) {
            throw fail(f, off, "CO-RE relocation kind " + r.kind() + " at slot " + r.slot()
                    + (idx < 0 ? " is not at an instruction start" : " is unknown"));
        }
        Btf local = ctx.requireBtf(f.section(), f.name());
        Outcome o;
        try {
            o = decide(local, r, kind);
        } catch (IllegalArgumentException e) {
            throw fail(f, off, "CO-RE relocation [" + r.typeId() + "] " + kind + " '" + r.accessStr()
                    + "': " + e.getMessage());
        }
        return patch(f, code, idx, off, kind, o);
    }

    /** Local value and target value of one relocation. */
    record Outcome(CoreCalc.Res local, CoreCalc.Res targ) {
    }

    Outcome decide(Btf local, ExtRecords.Core r, CoreKind kind) {
        CoreSpec spec = CoreSpec.parse(local, r.typeId(), r.accessStr(), kind);
        CoreCalc.Res loc = CoreCalc.calc(kind, spec, ctx.order());
        if (kind == CoreKind.TYPE_ID_LOCAL) {
            return new Outcome(loc, loc);
        }
        Btf targ = target.get();
        BtfType lt = local.type(r.typeId());
        String essential = BtfQueries.essentialName(lt.name());
        if (essential.isEmpty()) {
            throw new IllegalArgumentException("local type [" + r.typeId() + "] is anonymous");
        }
        CoreCalc.Res chosen = null;
        for (int cand : candidates(targ, essential)) {
            if (!CoreTypes.kindsCompatible(targ.type(cand).kind(), lt.kind())) {
                continue;
            }
            Optional<CoreSpec> m = match(spec, kind, local, targ, cand);
            if (m.isEmpty()) {
                continue;
            }
            CoreCalc.Res res = CoreCalc.calc(kind, m.get(), ctx.order());
            if (chosen != null && (chosen.value() != res.value() || chosen.poison() != res.poison())) {
                throw new IllegalArgumentException("relocation decision ambiguity: " + chosen.value()
                        + " != " + res.value());
            }
            if (chosen == null) {
                chosen = res;
            }
        }
        return new Outcome(loc, chosen != null ? chosen : CoreCalc.calc(kind, null, ctx.order()));
    }

    private static Optional<CoreSpec> match(CoreSpec spec, CoreKind kind, Btf local, Btf targ, int cand) {
        if (kind.fieldBased()) {
            return spec.matchField(targ, cand);
        }
        if (kind.enumBased()) {
            return spec.matchEnum(targ, cand);
        }
        boolean ok = kind == CoreKind.TYPE_MATCHES
                ? CoreTypes.typesMatch(local, spec.rootId(), targ, cand)
                : CoreTypes.typesCompatible(local, spec.rootId(), targ, cand);
        return ok ? Optional.of(new CoreSpec(targ, cand, List.of(new CoreSpec.Accessor(cand, 0, null)), 0))
                : Optional.empty();
    }

    private List<Integer> candidates(Btf targ, String essential) {
        if (byEssentialName == null) {
            Map<String, List<Integer>> m = new HashMap<>();
            for (int id = 1; id < targ.typeCount(); id++) {
                String n = targ.type(id).name();
                if (!n.isEmpty()) {
                    m.computeIfAbsent(BtfQueries.essentialName(n), k -> new ArrayList<>()).add(id);
                }
            }
            byEssentialName = m;
        }
        return byEssentialName.getOrDefault(essential, List.of());
    }

    private InsnList patch(BpfFunction f, InsnList code, int idx, long off, CoreKind kind, Outcome o) {
        Insn insn = code.insn(idx);
        if (o.targ().poison()) {
            return poison(code, idx);
        }
        long orig = o.local().value();
        long now = o.targ().value();
        if (insn instanceof Alu a && a.source() == dev.ebld.insn.Source.K) {
            if (o.local().validate() && a.imm() != (int) orig) {
                throw fail(f, off, kind + ": unexpected insn imm " + a.imm() + " != " + orig);
            }
            return code.with(idx, new Alu(a.alu64(), a.op(), a.source(), a.dst(), a.src(), (int) now));
        }
        if (insn instanceof LdImm64 ld && ld.src() == PseudoSrc.IMM64) {
            if (o.local().validate() && ld.imm() != orig) {
                throw fail(f, off, kind + ": unexpected ld_imm64 value " + ld.imm() + " != " + orig);
            }
            return code.with(idx, ld.withImm(now));
        }
        return CoreMemPatch.patch(this, f, code, idx, off, kind, o);
    }

    static InsnList poison(InsnList code, int idx) {
        Insn call = Jump.Call.helper(POISON_HELPER);
        if (code.insn(idx).width() == 1) {
            return code.with(idx, call);
        }
        InsnList.Builder b = InsnList.builder().add(call).add(call);
        return code.slice(0, idx).append(b.build()).append(code.slice(idx + 1, code.size()));
    }

    Btf localBtf() {
        return ctx.btf().orElseThrow();
    }

    Btf targetBtf() {
        return target.get();
    }

    RuntimeException fail(BpfFunction f, long off, String message) {
        return ctx.error(LoaderDiagnosticKind.CORE_RELO, f.section(), off, f.name(), Errno.EINVAL, message);
    }
}
