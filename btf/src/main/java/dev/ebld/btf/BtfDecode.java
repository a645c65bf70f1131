package dev.ebld.btf;

import dev.ebld.btf.internal.ScannedSection;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Btf} model from a section {@link BtfReader} has checked: one record per type,
 * names resolved through a cache (member names such as "next" recur thousands of times). No
 * checks here; the scan made sure every record and string offset is in bounds.
 */
final class BtfDecode {
    private final ScannedSection s;
    private final Btf base;
    private final int baseStrLen;
    private final BtfStrings strings;
    private final BtfStrings.Cache names;

    private BtfDecode(ScannedSection s) {
        this.s = s;
        this.base = s.base();
        this.baseStrLen = s.baseStrLen();
        this.strings = BtfStrings.wrap(s.strings());
        this.names = strings.new Cache();
    }

    static Btf decode(ScannedSection s) {
        BtfDecode d = new BtfDecode(s);
        int n = s.count();
        List<BtfType> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(d.type(s.offset(i)));
        }
        return new Btf(s.header(), s.order(), d.base, types, d.strings);
    }

    /** The type whose record starts at {@code p}. */
    private BtfType type(int p) {
        int nameOff = s.i32(p);
        int info = s.i32(p + 4);
        String name = name(nameOff);
        boolean kf = info < 0;
        int st = s.i32(p + 8);
        int vlen = info & 0xffff;
        int q = p + 12;
        BtfKind kind = BtfKind.ofCode((info >>> 24) & 0x1f);
        return switch (kind) {
            case INT -> {
                int data = s.i32(q);
                yield new BtfType.IntType(name, nameOff, kf, st, (data >>> 24) & 0xf, (data >>> 16) & 0xff,
                        data & 0xff);
            }
            case ARRAY -> new BtfType.Array(name, nameOff, kf, s.i32(q), s.i32(q + 4), s.i32(q + 8));
            case STRUCT -> new BtfType.Struct(name, nameOff, kf, st, members(q, vlen, kf));
            case UNION -> new BtfType.Union(name, nameOff, kf, st, members(q, vlen, kf));
            case ENUM -> new BtfType.EnumType(name, nameOff, kf, st, enum32(q, vlen));
            case ENUM64 -> new BtfType.Enum64Type(name, nameOff, kf, st, enum64(q, vlen));
            case FUNC_PROTO -> new BtfType.FuncProto(name, nameOff, kf, st, params(q, vlen));
            case DATASEC -> new BtfType.Datasec(name, nameOff, kf, st, vars(q, vlen));
            case VAR -> new BtfType.Var(name, nameOff, kf, st, s.i32(q));
            case DECL_TAG -> new BtfType.DeclTag(name, nameOff, kf, st, s.i32(q));
            case FUNC -> new BtfType.Func(name, nameOff, kf, st, vlen);
            case FWD -> new BtfType.Fwd(name, nameOff, kf);
            case PTR -> new BtfType.Ptr(name, nameOff, kf, st);
            case TYPEDEF -> new BtfType.Typedef(name, nameOff, kf, st);
            case VOLATILE -> new BtfType.Volatile(name, nameOff, kf, st);
            case CONST -> new BtfType.Const(name, nameOff, kf, st);
            case RESTRICT -> new BtfType.Restrict(name, nameOff, kf, st);
            case TYPE_TAG -> new BtfType.TypeTag(name, nameOff, kf, st);
            case FLOAT -> new BtfType.FloatType(name, nameOff, kf, st);
            case VOID -> throw new IllegalStateException("kind the scan did not allow: " + kind);
        };
    }

    private List<BtfType.Member> members(int q, int vlen, boolean kf) {
        BtfType.Member[] ms = new BtfType.Member[vlen];
        for (int i = 0; i < vlen; i++) {
            int m = q + 12 * i;
            int mOff = s.i32(m);
            int raw = s.i32(m + 8);
            int bitOff = kf ? raw & 0xffffff : raw;
            int bfSize = kf ? raw >>> 24 : 0;
            ms[i] = new BtfType.Member(name(mOff), mOff, s.i32(m + 4), bitOff, bfSize);
        }
        return List.of(ms);
    }

    private List<BtfType.EnumValue> enum32(int q, int vlen) {
        BtfType.EnumValue[] vs = new BtfType.EnumValue[vlen];
        for (int i = 0; i < vlen; i++) {
            int e = q + 8 * i;
            int off = s.i32(e);
            vs[i] = new BtfType.EnumValue(name(off), off, s.i32(e + 4));
        }
        return List.of(vs);
    }

    private List<BtfType.Enum64Value> enum64(int q, int vlen) {
        BtfType.Enum64Value[] vs = new BtfType.Enum64Value[vlen];
        for (int i = 0; i < vlen; i++) {
            int e = q + 12 * i;
            int off = s.i32(e);
            long v = (s.i32(e + 4) & 0xffffffffL) | ((long) s.i32(e + 8) << 32);
            vs[i] = new BtfType.Enum64Value(name(off), off, v);
        }
        return List.of(vs);
    }

    private List<BtfType.Param> params(int q, int vlen) {
        BtfType.Param[] ps = new BtfType.Param[vlen];
        for (int i = 0; i < vlen; i++) {
            int e = q + 8 * i;
            int off = s.i32(e);
            ps[i] = new BtfType.Param(name(off), off, s.i32(e + 4));
        }
        return List.of(ps);
    }

    private List<BtfType.VarSecinfo> vars(int q, int vlen) {
        BtfType.VarSecinfo[] vs = new BtfType.VarSecinfo[vlen];
        for (int i = 0; i < vlen; i++) {
            int e = q + 12 * i;
            vs[i] = new BtfType.VarSecinfo(s.i32(e), s.i32(e + 4), s.i32(e + 8));
        }
        return List.of(vs);
    }

    /** The name at a checked offset: in the base's sections below their end, else this blob's. */
    private String name(int off) {
        return off < baseStrLen ? base.string(off) : names.at(off - baseStrLen);
    }
}
