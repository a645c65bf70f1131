package dev.ebld.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small BTF blobs in tests; each adder returns the new type's id. */
public final class TestBtf {
    private final BtfStrings.Builder strings = new BtfStrings.Builder();
    private final List<BtfType> types = new ArrayList<>();

    public int add(BtfType t) {
        types.add(t);
        return types.size();
    }

    /** Number of types added so far (the id of the last one). */
    public int types() {
        return types.size();
    }

    public int off(String s) {
        return strings.add(s);
    }

    public int intType(String name, int size, boolean signed) {
        return add(new BtfType.IntType(name, off(name), false, size, signed ? BtfType.IntType.SIGNED : 0, 0, size * 8));
    }

    public int ptr(int to) {
        return add(new BtfType.Ptr("", 0, false, to));
    }

    public int cnst(int to) {
        return add(new BtfType.Const("", 0, false, to));
    }

    public int typedef(String name, int to) {
        return add(new BtfType.Typedef(name, off(name), false, to));
    }

    public int array(int elem, int index, int n) {
        return add(new BtfType.Array("", 0, false, elem, index, n));
    }

    public int fwd(String name, boolean union) {
        return add(new BtfType.Fwd(name, off(name), union));
    }

    /** {@code members} alternates name, type id, bit offset: "a", 1, 0, "b", 2, 32. */
    public int struct(String name, int size, Object... members) {
        return add(new BtfType.Struct(name, off(name), false, size, members(members)));
    }

    public int union(String name, int size, Object... members) {
        return add(new BtfType.Union(name, off(name), false, size, members(members)));
    }

    private List<BtfType.Member> members(Object... m) {
        List<BtfType.Member> out = new ArrayList<>();
        for (int i = 0; i < m.length; i += 3) {
            String n = (String) m[i];
            out.add(new BtfType.Member(n, off(n), (Integer) m[i + 1], (Integer) m[i + 2], 0));
        }
        return out;
    }

    /** {@code params} alternates name and type id. */
    public int proto(int ret, Object... params) {
        List<BtfType.Param> ps = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            String n = (String) params[i];
            ps.add(new BtfType.Param(n, off(n), (Integer) params[i + 1]));
        }
        return add(new BtfType.FuncProto("", 0, false, ret, ps));
    }

    public int func(String name, int proto, int linkage) {
        return add(new BtfType.Func(name, off(name), false, proto, linkage));
    }

    public int var(String name, int type, int linkage) {
        return add(new BtfType.Var(name, off(name), false, type, linkage));
    }

    public int enumType(String name, int size, String... values) {
        List<BtfType.EnumValue> vs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            vs.add(new BtfType.EnumValue(values[i], off(values[i]), i));
        }
        return add(new BtfType.EnumType(name, off(name), false, size, vs));
    }

    public Btf build() {
        return Btf.of(types, strings.build(), ByteOrder.LITTLE_ENDIAN, null);
    }
}
