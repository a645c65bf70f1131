package dev.ebld.btf;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One BTF type. Every record keeps the resolved {@code name} and the raw {@code nameOff} into
 * the string section, the {@code kindFlag} bit, and every other stored field, so that writing a
 * type back gives the bytes it was read from. Type references are plain ids into the owning
 * {@link Btf} (0 is void).
 *
 * <p>Java 17 has no pattern switch: switch on {@link #kind()}, then cast. The hierarchy is closed
 * so each kind has exactly one record.
 */
public sealed interface BtfType {

    BtfKind kind();

    /** The resolved name, "" when anonymous. */
    String name();

    /** Offset of the name in the string section (of the base, for split BTF, when below its end). */
    int nameOff();

    /** Bit 31 of {@code info}: bitfield encoding, union FWD, signed enum, attribute tag. */
    boolean kindFlag();

    /**
     * A copy whose type references are mapped through {@code f}; names are kept. Returns this
     * type itself when every reference maps to itself.
     */
    BtfType remap(IntUnaryOperator f);

    /** Ids this type refers to, in field order (members and params included). */
    default int[] refs() {
        return new int[0];
    }

    /** A type with one reference in its {@code type} field. */
    sealed interface Ref extends BtfType {
        int type();
    }

    /**
     * A kind whose {@code size} field holds its byte size (the kernel's {@code btf_type_has_size}):
     * INT, FLOAT, ENUM, ENUM64, STRUCT, UNION, DATASEC. The field is a u32 stored as an int.
     */
    sealed interface Sized extends BtfType {
        int size();
    }

    /** STRUCT or UNION. */
    sealed interface Composite extends Sized {
        List<Member> members();
    }

    /** The void type, id 0. Never stored. */
    record VoidType() implements BtfType {
        public static final VoidType INSTANCE = new VoidType();

        public BtfKind kind() { return BtfKind.VOID; }
        public String name() { return ""; }
        public int nameOff() { return 0; }
        public boolean kindFlag() { return false; }
        public BtfType remap(IntUnaryOperator f) { return this; }
    }

    /**
     * INT: {@code encoding} is a mask of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL};
     * {@code offset} and {@code bits} place the value inside the {@code size} bytes.
     */
    record IntType(String name, int nameOff, boolean kindFlag, int size, int encoding, int offset,
                   int bits) implements Sized {
        public static final int SIGNED = 1;
        public static final int CHAR = 2;
        public static final int BOOL = 4;

        public BtfKind kind() { return BtfKind.INT; }
        public BtfType remap(IntUnaryOperator f) { return this; }

        public boolean signed() {
            return (encoding & SIGNED) != 0;
        }
    }

    record Ptr(String name, int nameOff, boolean kindFlag, int type) implements Ref {
        public BtfKind kind() { return BtfKind.PTR; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Ptr(name, nameOff, kindFlag, t);
        }
        public int[] refs() { return new int[] {type}; }
    }

    record Array(String name, int nameOff, boolean kindFlag, int elemType, int indexType, int nelems)
            implements BtfType {
        public BtfKind kind() { return BtfKind.ARRAY; }
        public BtfType remap(IntUnaryOperator f) {
            int e = f.applyAsInt(elemType);
            int i = f.applyAsInt(indexType);
            return e == elemType && i == indexType ? this : new Array(name, nameOff, kindFlag, e, i, nelems);
        }
        public int[] refs() { return new int[] {elemType, indexType}; }
    }

    /**
     * A STRUCT or UNION member. {@code bitOffset} is the offset in bits from the start of the
     * composite. {@code bitfieldSize} is non-zero only when the parent's kind_flag is set
     * (then the stored offset word is {@code bitfieldSize << 24 | bitOffset}); without kind_flag
     * a bitfield's width is in its INT type's {@code bits}.
     */
    record Member(String name, int nameOff, int type, int bitOffset, int bitfieldSize) {
    }

    record Struct(String name, int nameOff, boolean kindFlag, int size, List<Member> members)
            implements Composite {
        public Struct {
            members = List.copyOf(members);
        }
        public BtfKind kind() { return BtfKind.STRUCT; }
        public BtfType remap(IntUnaryOperator f) {
            List<Member> ms = remapMembers(members, f);
            return ms == members ? this : new Struct(name, nameOff, kindFlag, size, ms);
        }
        public int[] refs() { return memberRefs(members); }
    }

    record Union(String name, int nameOff, boolean kindFlag, int size, List<Member> members)
            implements Composite {
        public Union {
            members = List.copyOf(members);
        }
        public BtfKind kind() { return BtfKind.UNION; }
        public BtfType remap(IntUnaryOperator f) {
            List<Member> ms = remapMembers(members, f);
            return ms == members ? this : new Union(name, nameOff, kindFlag, size, ms);
        }
        public int[] refs() { return memberRefs(members); }
    }

    record EnumValue(String name, int nameOff, int value) {
    }

    /** ENUM: 32-bit values; kind_flag set means the values are signed. */
    record EnumType(String name, int nameOff, boolean kindFlag, int size, List<EnumValue> values)
            implements Sized {
        public EnumType {
            values = List.copyOf(values);
        }
        public BtfKind kind() { return BtfKind.ENUM; }
        public BtfType remap(IntUnaryOperator f) { return this; }

        public boolean signed() {
            return kindFlag;
        }
    }

    /** An ENUM64 value, stored as {@code val_lo32}, {@code val_hi32}. */
    record Enum64Value(String name, int nameOff, long value) {
    }

    /** ENUM64: kind_flag set means the values are signed. */
    record Enum64Type(String name, int nameOff, boolean kindFlag, int size, List<Enum64Value> values)
            implements Sized {
        public Enum64Type {
            values = List.copyOf(values);
        }
        public BtfKind kind() { return BtfKind.ENUM64; }
        public BtfType remap(IntUnaryOperator f) { return this; }

        public boolean signed() {
            return kindFlag;
        }
    }

    /** FWD: a forward declaration of a struct, or of a union when kind_flag is set. */
    record Fwd(String name, int nameOff, boolean kindFlag) implements BtfType {
        public BtfKind kind() { return BtfKind.FWD; }
        public BtfType remap(IntUnaryOperator f) { return this; }

        public boolean isUnion() {
            return kindFlag;
        }
    }

    record Typedef(String name, int nameOff, boolean kindFlag, int type) implements Ref {
        public BtfKind kind() { return BtfKind.TYPEDEF; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Typedef(name, nameOff, kindFlag, t);
        }
        public int[] refs() { return new int[] {type}; }
    }

    record Volatile(String name, int nameOff, boolean kindFlag, int type) implements Ref {
        public BtfKind kind() { return BtfKind.VOLATILE; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Volatile(name, nameOff, kindFlag, t);
        }
        public int[] refs() { return new int[] {type}; }
    }

    record Const(String name, int nameOff, boolean kindFlag, int type) implements Ref {
        public BtfKind kind() { return BtfKind.CONST; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Const(name, nameOff, kindFlag, t);
        }
        public int[] refs() { return new int[] {type}; }
    }

    record Restrict(String name, int nameOff, boolean kindFlag, int type) implements Ref {
        public BtfKind kind() { return BtfKind.RESTRICT; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Restrict(name, nameOff, kindFlag, t);
        }
        public int[] refs() { return new int[] {type}; }
    }

    /**
     * FUNC: {@code type} is its FUNC_PROTO; {@code linkage} is stored in the vlen field
     * ({@link #STATIC}, {@link #GLOBAL}, {@link #EXTERN}).
     */
    record Func(String name, int nameOff, boolean kindFlag, int type, int linkage) implements Ref {
        public static final int STATIC = 0;
        public static final int GLOBAL = 1;
        public static final int EXTERN = 2;

        public BtfKind kind() { return BtfKind.FUNC; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Func(name, nameOff, kindFlag, t, linkage);
        }
        public int[] refs() { return new int[] {type}; }
    }

    /** A FUNC_PROTO parameter; a last parameter with type 0 and no name means {@code ...}. */
    record Param(String name, int nameOff, int type) {
    }

    record FuncProto(String name, int nameOff, boolean kindFlag, int returnType, List<Param> params)
            implements BtfType {
        public FuncProto {
            params = List.copyOf(params);
        }
        public BtfKind kind() { return BtfKind.FUNC_PROTO; }
        public BtfType remap(IntUnaryOperator f) {
            int ret = f.applyAsInt(returnType);
            boolean same = ret == returnType;
            Param[] ps = new Param[params.size()];
            for (int i = 0; i < ps.length; i++) {
                Param p = params.get(i);
                int old = p.type();
                int t = f.applyAsInt(old);
                same &= t == old;
                ps[i] = t == old ? p : new Param(p.name(), p.nameOff(), t);
            }
            return same ? this : new FuncProto(name, nameOff, kindFlag, ret, List.of(ps));
        }
        public int[] refs() {
            int[] r = new int[params.size() + 1];
            r[0] = returnType;
            for (int i = 0; i < params.size(); i++) {
                r[i + 1] = params.get(i).type();
            }
            return r;
        }

        /** True when the last parameter is the {@code ...} marker. */
        public boolean variadic() {
            if (params.isEmpty()) {
                return false;
            }
            Param last = params.get(params.size() - 1);
            return last.type() == 0 && last.nameOff() == 0;
        }
    }

    /** VAR: {@code linkage} is {@link #STATIC}, {@link #GLOBAL} (allocated) or {@link #EXTERN}. */
    record Var(String name, int nameOff, boolean kindFlag, int type, int linkage) implements Ref {
        public static final int STATIC = 0;
        public static final int GLOBAL = 1;
        public static final int EXTERN = 2;

        public BtfKind kind() { return BtfKind.VAR; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new Var(name, nameOff, kindFlag, t, linkage);
        }
        public int[] refs() { return new int[] {type}; }
    }

    /** One {@code btf_var_secinfo}: a VAR (or FUNC, for .ksyms) at a byte offset in the section. */
    record VarSecinfo(int type, int offset, int size) {
    }

    record Datasec(String name, int nameOff, boolean kindFlag, int size, List<VarSecinfo> vars)
            implements Sized {
        public Datasec {
            vars = List.copyOf(vars);
        }
        public BtfKind kind() { return BtfKind.DATASEC; }
        public BtfType remap(IntUnaryOperator f) {
            boolean same = true;
            VarSecinfo[] vs = new VarSecinfo[vars.size()];
            for (int i = 0; i < vs.length; i++) {
                VarSecinfo v = vars.get(i);
                int old = v.type();
                int t = f.applyAsInt(old);
                same &= t == old;
                vs[i] = t == old ? v : new VarSecinfo(t, v.offset(), v.size());
            }
            return same ? this : new Datasec(name, nameOff, kindFlag, size, List.of(vs));
        }
        public int[] refs() {
            int[] r = new int[vars.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = vars.get(i).type();
            }
            return r;
        }
    }

    record FloatType(String name, int nameOff, boolean kindFlag, int size) implements Sized {
        public BtfKind kind() { return BtfKind.FLOAT; }
        public BtfType remap(IntUnaryOperator f) { return this; }
    }

    /**
     * DECL_TAG: a tag on {@code type}; {@code componentIdx} is -1 for the type itself, or the
     * index of a member or parameter.
     */
    record DeclTag(String name, int nameOff, boolean kindFlag, int type, int componentIdx) implements Ref {
        public BtfKind kind() { return BtfKind.DECL_TAG; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new DeclTag(name, nameOff, kindFlag, t, componentIdx);
        }
        public int[] refs() { return new int[] {type}; }
    }

    record TypeTag(String name, int nameOff, boolean kindFlag, int type) implements Ref {
        public BtfKind kind() { return BtfKind.TYPE_TAG; }
        public BtfType remap(IntUnaryOperator f) {
            int t = f.applyAsInt(type);
            return t == type ? this : new TypeTag(name, nameOff, kindFlag, t);
        }
        public int[] refs() { return new int[] {type}; }
    }

    /** {@code members} with types mapped, or {@code members} itself when none changes. */
    private static List<Member> remapMembers(List<Member> members, IntUnaryOperator f) {
        boolean same = true;
        Member[] out = new Member[members.size()];
        for (int i = 0; i < out.length; i++) {
            Member m = members.get(i);
            int old = m.type();
            int t = f.applyAsInt(old);
            same &= t == old;
            out[i] = t == old ? m : new Member(m.name(), m.nameOff(), t, m.bitOffset(), m.bitfieldSize());
        }
        return same ? members : List.of(out);
    }

    private static int[] memberRefs(List<Member> members) {
        int[] r = new int[members.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = members.get(i).type();
        }
        return r;
    }
}
