package dev.ebld.linker.internal;

import dev.ebld.btf.BtfType;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-points every name of a BTF type (its own, its members', parameters' and enumerators') at a
 * new string table. Type ids are left alone; {@link BtfType#remap} does those.
 */
final class BtfRenamer {
    private BtfRenamer() {
    }

    static BtfType rename(BtfType t, StringTable s) {
        int n = s.add(t.name());
        switch (t.kind()) {
            case VOID:
                return t;
            case INT: {
                BtfType.IntType x = (BtfType.IntType) t;
                return new BtfType.IntType(x.name(), n, x.kindFlag(), x.size(), x.encoding(), x.offset(), x.bits());
            }
            case PTR:
                return new BtfType.Ptr(t.name(), n, t.kindFlag(), ((BtfType.Ptr) t).type());
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                return new BtfType.Array(a.name(), n, a.kindFlag(), a.elemType(), a.indexType(), a.nelems());
            }
            case STRUCT: {
                BtfType.Struct c = (BtfType.Struct) t;
                return new BtfType.Struct(c.name(), n, c.kindFlag(), c.size(), members(c.members(), s));
            }
            case UNION: {
                BtfType.Union c = (BtfType.Union) t;
                return new BtfType.Union(c.name(), n, c.kindFlag(), c.size(), members(c.members(), s));
            }
            case ENUM: {
                BtfType.EnumType e = (BtfType.EnumType) t;
                List<BtfType.EnumValue> vs = new ArrayList<>();
                for (BtfType.EnumValue v : e.values()) {
                    vs.add(new BtfType.EnumValue(v.name(), s.add(v.name()), v.value()));
                }
                return new BtfType.EnumType(e.name(), n, e.kindFlag(), e.size(), vs);
            }
            case ENUM64: {
                BtfType.Enum64Type e = (BtfType.Enum64Type) t;
                List<BtfType.Enum64Value> vs = new ArrayList<>();
                for (BtfType.Enum64Value v : e.values()) {
                    vs.add(new BtfType.Enum64Value(v.name(), s.add(v.name()), v.value()));
                }
                return new BtfType.Enum64Type(e.name(), n, e.kindFlag(), e.size(), vs);
            }
            default:
                return renameRest(t, n, s);
        }
    }

    private static BtfType renameRest(BtfType t, int n, StringTable s) {
        switch (t.kind()) {
            case FWD:
                return new BtfType.Fwd(t.name(), n, t.kindFlag());
            case TYPEDEF:
                return new BtfType.Typedef(t.name(), n, t.kindFlag(), ((BtfType.Ref) t).type());
            case VOLATILE:
                return new BtfType.Volatile(t.name(), n, t.kindFlag(), ((BtfType.Ref) t).type());
            case CONST:
                return new BtfType.Const(t.name(), n, t.kindFlag(), ((BtfType.Ref) t).type());
            case RESTRICT:
                return new BtfType.Restrict(t.name(), n, t.kindFlag(), ((BtfType.Ref) t).type());
            case TYPE_TAG:
                return new BtfType.TypeTag(t.name(), n, t.kindFlag(), ((BtfType.Ref) t).type());
            case FUNC: {
                BtfType.Func f = (BtfType.Func) t;
                return new BtfType.Func(f.name(), n, f.kindFlag(), f.type(), f.linkage());
            }
            case FUNC_PROTO: {
                BtfType.FuncProto p = (BtfType.FuncProto) t;
                List<BtfType.Param> ps = new ArrayList<>();
                for (BtfType.Param q : p.params()) {
                    ps.add(new BtfType.Param(q.name(), s.add(q.name()), q.type()));
                }
                return new BtfType.FuncProto(p.name(), n, p.kindFlag(), p.returnType(), ps);
            }
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                return new BtfType.Var(v.name(), n, v.kindFlag(), v.type(), v.linkage());
            }
            case DATASEC: {
                BtfType.Datasec d = (BtfType.Datasec) t;
                return new BtfType.Datasec(d.name(), n, d.kindFlag(), d.size(), d.vars());
            }
            case FLOAT: {
                BtfType.FloatType f = (BtfType.FloatType) t;
                return new BtfType.FloatType(f.name(), n, f.kindFlag(), f.size());
            }
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                return new BtfType.DeclTag(d.name(), n, d.kindFlag(), d.type(), d.componentIdx());
            }
            default:
                throw new IllegalStateException("unhandled BTF kind " + t.kind());
        }
    }

    private static List<BtfType.Member> members(List<BtfType.Member> ms, StringTable s) {
        List<BtfType.Member> out = new ArrayList<>(ms.size());
        for (BtfType.Member m : ms) {
            out.add(new BtfType.Member(m.name(), s.add(m.name()), m.type(), m.bitOffset(), m.bitfieldSize()));
        }
        return out;
    }
}
