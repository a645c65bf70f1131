package dev.ebld.loader.internal;

import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnList;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.PseudoSrc;
import dev.ebld.insn.Reference;
import dev.ebld.insn.UnresolvedReferenceException;
import dev.ebld.loader.kernel.MapFd;
import java.util.Map;

/**
 * Gives every non-subprogram reference its number at load, as libbpf's
 * {@code bpf_object__relocate_data} does: maps become {@code BPF_PSEUDO_MAP_FD}, data and kconfig
 * values {@code BPF_PSEUDO_MAP_VALUE} (fd in the low word, offset in the high), typed ksyms
 * {@code BPF_PSEUDO_BTF_ID}, untyped ksyms their address, kfunc calls
 * {@code BPF_PSEUDO_KFUNC_CALL} with the BTF id. Missing weak ksyms become 0 (a kfunc call with id
 * 0, which the verifier accepts while it is dead code), as libbpf 1.1 does. Linked extern
 * functions become ebld's dynamic calls ({@code BPF_PSEUDO_EBLD_CALL}: BTF id, fd array index);
 * linked extern variables the defining object's data map value, or a ksym's id or address.
 */
final class ReferenceResolver implements InsnList.Resolver {
    private final Map<String, MapFd> maps;
    private final String kconfigMap;
    private final Map<String, Extern> externs;
    private final Map<String, Long> ksyms;
    private final Map<String, LinkedExterns.Target> linked;
    private final Map<String, LinkedExterns.VarTarget> linkedVars;

    ReferenceResolver(Map<String, MapFd> maps, String kconfigMap, Map<String, Extern> externs,
            Map<String, Long> ksyms, Map<String, LinkedExterns.Target> linked,
            Map<String, LinkedExterns.VarTarget> linkedVars) {
        this.linkedVars = linkedVars;
        this.maps = maps;
        this.kconfigMap = kconfigMap;
        this.externs = externs;
        this.ksyms = ksyms;
        this.linked = linked;
    }

    @Override
    public Insn resolve(Insn insn, Reference ref, int slot) {
        return switch (ref.kind()) {
            case SUBPROG -> throw new IllegalStateException("subprogram references resolve in InsnList");
            case MAP -> new LdImm64(ld(insn, ref, slot).dst(), PseudoSrc.MAP_FD, fd(ref.name(), ref, slot));
            case MAP_VALUE -> mapValue(insn, ref, slot, ref.name(), ((Reference.MapValue) ref).offset());
            case KCONFIG -> mapValue(insn, ref, slot, kconfigMap, ((Reference.Kconfig) ref).offset());
            case KSYM -> ksym(insn, (Reference.Ksym) ref, slot);
        };
    }

    private Insn mapValue(Insn insn, Reference ref, int slot, String map, int offset) {
        long fd = fd(map, ref, slot);
        return new LdImm64(ld(insn, ref, slot).dst(), PseudoSrc.MAP_VALUE, fd | (long) offset << 32);
    }

    private Insn ksym(Insn insn, Reference.Ksym ref, int slot) {
        Extern e = externs.get(ref.name());
        if (e.kind() == Extern.Kind.LINKED && !e.func()) {
            LinkedExterns.VarTarget t = linkedVars.get(ref.name());
            LdImm64 ld = ld(insn, ref, slot);
            return t == null ? LdImm64.of(ld.dst(), 0) : new LdImm64(ld.dst(), t.src(), t.imm());
        }
        if (e.kind() == Extern.Kind.LINKED) {
            return linkedCall(insn, ref, slot);
        }
        Long v = ksyms.get(ref.name());
        if (e.func()) {
            if (!(insn instanceof Jump.Call)) {
                throw new UnresolvedReferenceException(ref, slot, "kfunc reference on " + insn.kind());
            }
            return Jump.Call.kfunc(v == null ? 0 : v.intValue(), 0);
        }
        LdImm64 ld = ld(insn, ref, slot);
        if (v == null) {
            return LdImm64.of(ld.dst(), 0);
        }
        return e.typed() ? new LdImm64(ld.dst(), PseudoSrc.BTF_ID, v) : LdImm64.of(ld.dst(), v);
    }

    /** A linked extern function: a dynamic call, a kfunc call, or (weak, missing) kfunc 0. */
    private Insn linkedCall(Insn insn, Reference.Ksym ref, int slot) {
        if (!(insn instanceof Jump.Call)) {
            throw new UnresolvedReferenceException(ref, slot, "extern function reference on " + insn.kind());
        }
        LinkedExterns.Target t = linked.get(ref.name());
        if (t == null) {
            return Jump.Call.kfunc(0, 0);
        }
        return t.dynamic() ? Jump.Call.dynamic(t.btfId(), t.fdIndex()) : Jump.Call.kfunc(t.btfId(), 0);
    }

    private long fd(String map, Reference ref, int slot) {
        MapFd fd = maps.get(map);
        if (fd == null) {
            throw new UnresolvedReferenceException(ref, slot, "map '" + map + "' was not created");
        }
        return fd.value();
    }

    private static LdImm64 ld(Insn insn, Reference ref, int slot) {
        if (insn instanceof LdImm64 ld) {
            return ld;
        }
        throw new UnresolvedReferenceException(ref, slot, "a " + ref.kind() + " reference on "
                + insn.kind() + ", not ld_imm64");
    }
}
