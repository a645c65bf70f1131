package dev.ebld.loader.verifier.safety;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfType;
import dev.ebld.loader.verifier.RejectionKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A global function's contract from its BTF prototype (the kernel's
 * {@code btf_prepare_func_args}): each argument is a scalar (int, enum), the program type's
 * context (a pointer to its ctx struct, or any pointer tagged {@code arg:ctx}), or memory of the
 * pointee's size that may be NULL unless tagged {@code arg:nonnull}. The return type must be a
 * scalar or void.
 */
final class GlobalFuncs {

    /** One argument's contract. */
    record ArgContract(Kind kind, int memSize, boolean nullable) {
        enum Kind { SCALAR, CTX, MEM }
    }

    /** The whole prototype: arguments in R1.., and whether it returns void. */
    record Contract(List<ArgContract> args, boolean returnsVoid) {
    }

    private GlobalFuncs() {
    }

    static Contract contract(Session s, Subprog sp) {
        return contract(s, s.request.progBtf().orElseThrow(), sp.btfId().orElseThrow(), sp.name(),
                sp.start());
    }

    /**
     * The contract of FUNC {@code funcId} of {@code btf}, which may be another program's BTF (a
     * dynamic call's callee); a bad prototype fails the load at {@code insn}.
     */
    static Contract contract(Session s, Btf btf, int funcId, String name, int insn) {
        BtfType.Func f = (BtfType.Func) btf.type(funcId);
        if (!(btf.type(f.type()) instanceof BtfType.FuncProto proto)) {
            throw s.fail(RejectionKind.BAD_FUNC_PROTO, insn, "invalid type of func " + name);
        }
        if (proto.params().size() > 5) {
            throw s.fail(RejectionKind.BAD_FUNC_PROTO, insn, "Global function " + name
                    + "() with more than 5 args");
        }
        BtfType ret = strip(btf, proto.returnType());
        boolean isVoid = proto.returnType() == 0;
        if (!isVoid && !isScalar(ret)) {
            throw s.fail(RejectionKind.BAD_FUNC_PROTO, insn, "Global function " + name
                    + "() doesn't return scalar. Only those are supported.");
        }
        List<ArgContract> args = new ArrayList<>();
        for (int i = 0; i < proto.params().size(); i++) {
            args.add(arg(s, btf, insn, funcId, i, proto.params().get(i).type()));
        }
        return new Contract(List.copyOf(args), isVoid);
    }

    private static ArgContract arg(Session s, Btf btf, int insn, int funcId, int i, int typeId) {
        BtfType t = strip(btf, typeId);
        boolean tagCtx = hasTag(btf, funcId, i, "arg:ctx");
        if (isScalar(t) && !tagCtx) {
            return new ArgContract(ArgContract.Kind.SCALAR, 0, false);
        }
        if (t instanceof BtfType.Ptr p) {
            BtfType target = strip(btf, p.type());
            if (tagCtx || target instanceof BtfType.Struct st && st.name().equals(s.ctx.ctxStructName())) {
                return new ArgContract(ArgContract.Kind.CTX, 0, false);
            }
            int size = sizeOf(btf, target);
            if (size > 0) {
                return new ArgContract(ArgContract.Kind.MEM, size, !hasTag(btf, funcId, i, "arg:nonnull"));
            }
        }
        throw s.fail(RejectionKind.BAD_FUNC_PROTO, insn, "arg#" + i + " reference type('"
                + t.kind().label() + " " + t.name() + "') size cannot be determined");
    }

    private static boolean isScalar(BtfType t) {
        return t instanceof BtfType.IntType || t instanceof BtfType.EnumType
                || t instanceof BtfType.Enum64Type;
    }

    /** Follows typedefs and modifiers to the type they name. */
    static BtfType strip(Btf btf, int id) {
        BtfType t = btf.type(id);
        while (t instanceof BtfType.Typedef || t instanceof BtfType.Const
                || t instanceof BtfType.Volatile || t instanceof BtfType.Restrict
                || t instanceof BtfType.TypeTag) {
            t = btf.type(((BtfType.Ref) t).type());
        }
        return t;
    }

    private static int sizeOf(Btf btf, BtfType t) {
        if (t instanceof BtfType.Sized z) {
            return z.size();
        }
        if (t instanceof BtfType.Ptr) {
            return 8;
        }
        if (t instanceof BtfType.Array a) {
            return a.nelems() * sizeOf(btf, strip(btf, a.elemType()));
        }
        return 0;
    }

    private static boolean hasTag(Btf btf, int funcId, int arg, String tag) {
        for (BtfType t : btf.types()) {
            if (t instanceof BtfType.DeclTag d && d.type() == funcId && d.componentIdx() == arg
                    && d.name().equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
