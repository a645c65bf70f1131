package dev.ebld.loader.sim;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.insn.CallKind;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.safety.HelperProto;
import dev.ebld.loader.verifier.safety.Helpers;
import java.util.Optional;
import java.util.Set;

/**
 * What a library load (ebld's dynamic linking, {@code Kernel.libraryLoad}) must satisfy before it
 * is verified: no program type and no attach point; BTF and func_info naming a global function at
 * slot 0; and nothing that needs a program's context, since a library function runs inside
 * callers of any program type. A function taking a context struct ({@code struct xdp_md *},
 * {@code struct __sk_buff *}, ... or an {@code arg:ctx} pointer) or calling a helper that takes
 * the context or the packet is refused here, by name.
 */
final class LibraryRules {
    /** The context structs of the program types (the kernel's per-type ctx BTF types). */
    private static final Set<String> CTX_STRUCTS = Set.of("xdp_md", "__sk_buff", "bpf_sock_addr",
            "bpf_sock_ops", "sk_msg_md", "pt_regs", "bpf_raw_tracepoint_args", "bpf_sysctl",
            "bpf_sockopt", "sk_reuseport_md", "bpf_sk_lookup", "bpf_nf_ctx", "bpf_perf_event_data",
            "bpf_cgroup_dev_ctx", "bpf_sock", "user_pt_regs");

    private LibraryRules() {
    }

    static void check(ProgLoadAttr attr, Optional<Btf> btf) {
        if (attr.type() != ProgType.UNSPEC || attr.expectedAttachType().isPresent()
                || attr.attachProg().isPresent() || attr.attachBtfId().isPresent()) {
            throw refuse(attr, "a library load has no program type and no attach point");
        }
        if (btf.isEmpty() || attr.funcInfo().isEmpty() || attr.funcInfo().get(0).insnOff() != 0) {
            throw refuse(attr, "a library load needs BTF and func_info naming its functions");
        }
        for (FuncInfo fi : attr.funcInfo()) {
            if (btf.get().type(fi.typeId().value()) instanceof BtfType.Func f) {
                checkPrototype(attr, btf.get(), f, fi.typeId().value());
            }
        }
        checkHelpers(attr, btf.get());
    }

    private static void checkPrototype(ProgLoadAttr attr, Btf btf, BtfType.Func f, int funcId) {
        if (!(btf.type(f.type()) instanceof BtfType.FuncProto proto)) {
            return; // the verifier reports a FUNC without a prototype
        }
        for (int i = 0; i < proto.params().size(); i++) {
            String ctx = ctxStruct(btf, proto.params().get(i).type());
            if (ctx != null || tagged(btf, funcId, i)) {
                throw refuse(attr, "library function " + f.name() + "() takes a program context in arg#"
                        + i + (ctx != null ? " (struct " + ctx + " *)" : " (arg:ctx)")
                        + "; a library function has no program type, so it cannot use one");
            }
        }
    }

    /** The context struct a parameter points to, or null. */
    private static String ctxStruct(Btf btf, int typeId) {
        BtfType t = strip(btf, typeId);
        if (t instanceof BtfType.Ptr p && strip(btf, p.type()) instanceof BtfType.Struct s
                && CTX_STRUCTS.contains(s.name())) {
            return s.name();
        }
        return null;
    }

    private static boolean tagged(Btf btf, int funcId, int arg) {
        for (BtfType t : btf.types()) {
            if (t instanceof BtfType.DeclTag d && d.type() == funcId && d.componentIdx() == arg
                    && d.name().equals("arg:ctx")) {
                return true;
            }
        }
        return false;
    }

    private static BtfType strip(Btf btf, int id) {
        BtfType t = btf.type(id);
        while (t instanceof BtfType.Typedef || t instanceof BtfType.Const || t instanceof BtfType.Volatile
                || t instanceof BtfType.Restrict || t instanceof BtfType.TypeTag) {
            t = btf.type(((BtfType.Ref) t).type());
        }
        return t;
    }

    /** Helpers that take the context, or that only packet program types have, need a context. */
    private static void checkHelpers(ProgLoadAttr attr, Btf btf) {
        int slot = 0;
        for (Insn insn : attr.insns()) {
            int at = slot;
            slot += insn.width();
            if (insn instanceof Jump.Call c && c.target() == CallKind.HELPER) {
                Optional<HelperProto> any = Helpers.lookup(c.imm(), ProgType.XDP)
                        .or(() -> Helpers.lookup(c.imm(), ProgType.SCHED_CLS));
                boolean needsCtx = any.isPresent() && (any.get().args().contains(HelperProto.Arg.CTX)
                        || Helpers.lookup(c.imm(), ProgType.UNSPEC).isEmpty());
                if (needsCtx) {
                    throw refuse(attr, "library function " + functionAt(attr, btf, at) + "() calls helper " + any.get().name() + "#" + c.imm()
                            + ", which needs a program context; a library function has no program type");
                }
            }
        }
    }

    /** The name of the function func_info places around {@code slot}. */
    private static String functionAt(ProgLoadAttr attr, Btf btf, int slot) {
        String name = "?";
        for (FuncInfo fi : attr.funcInfo()) {
            if (fi.insnOff() <= slot) {
                name = btf.type(fi.typeId().value()).name();
            }
        }
        return name;
    }

    private static ProgLoadException refuse(ProgLoadAttr attr, String why) {
        return new ProgLoadException(Errno.EINVAL, "library " + attr.name() + " refused: " + why,
                why + "\n");
    }
}
