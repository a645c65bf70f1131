package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The linker's own structural BTF comparison, with libbpf's rules for globals: modifiers
 * and typedefs are looked through (so a typedef'd map key matches the plain type), a FWD
 * matches a struct or union of the same name and flavour, named types must agree on names,
 * complete composites member by member, functions on parameter count and every parameter and
 * return type (parameter names are ignored, externs often lack them). Recursion through
 * pointers stops at pairs already being compared, which makes cyclic types terminate.
 */
public final class StructuralTypeMatcher implements TypeMatcher {
    private static final int MAX_DEPTH = 64;

    @Override
    public Optional<String> mismatch(Btf btfA, int a, Btf btfB, int b) {
        return new Walk(btfA, btfB).compare(a, b, 0);
    }

    private static final class Walk {
        final Btf ba;
        final Btf bb;
        final Set<Long> inProgress = new HashSet<>();

        Walk(Btf ba, Btf bb) {
            this.ba = ba;
            this.bb = bb;
        }

        Optional<String> compare(int a, int b, int depth) {
            a = skip(ba, a);
            b = skip(bb, b);
            if (depth > MAX_DEPTH || !inProgress.add(((long) a << 32) | (b & 0xffffffffL))) {
                return Optional.empty();
            }
            BtfType ta = ba.type(a);
            BtfType tb = bb.type(b);
            if (ta.kind() == BtfKind.FWD || tb.kind() == BtfKind.FWD) {
                return compareFwd(ta, tb);
            }
            if (ta.kind() != tb.kind()) {
                return Optional.of("kind " + ta.kind().label() + " vs " + tb.kind().label());
            }
            return compareSameKind(ta, tb, depth);
        }

        private Optional<String> compareSameKind(BtfType ta, BtfType tb, int depth) {
            switch (ta.kind()) {
                case VOID:
                    return Optional.empty();
                case INT: {
                    BtfType.IntType x = (BtfType.IntType) ta;
                    BtfType.IntType y = (BtfType.IntType) tb;
                    return x.size() != y.size() || x.signed() != y.signed() || x.bits() != y.bits()
                            ? Optional.of("int size " + x.size() + " vs " + y.size()
                            + (x.signed() != y.signed() ? " (signedness differs)" : ""))
                            : Optional.empty();
                }
                case FLOAT:
                    return sizes(((BtfType.FloatType) ta).size(), ((BtfType.FloatType) tb).size(), "float");
                case ENUM:
                    return names(ta, tb).or(() -> sizes(((BtfType.EnumType) ta).size(), ((BtfType.EnumType) tb).size(), "enum"));
                case ENUM64:
                    return names(ta, tb).or(() -> sizes(((BtfType.Enum64Type) ta).size(), ((BtfType.Enum64Type) tb).size(), "enum64"));
                case PTR:
                    return compare(((BtfType.Ptr) ta).type(), ((BtfType.Ptr) tb).type(), depth + 1)
                            .map(r -> "pointee: " + r);
                case ARRAY:
                    return compareArrays((BtfType.Array) ta, (BtfType.Array) tb, depth);
                case STRUCT:
                case UNION:
                    return compareComposites((BtfType.Composite) ta, (BtfType.Composite) tb, depth);
                case FUNC_PROTO:
                    return compareProtos((BtfType.FuncProto) ta, (BtfType.FuncProto) tb, depth);
                case FUNC:
                case VAR:
                    return compare(((BtfType.Ref) ta).type(), ((BtfType.Ref) tb).type(), depth + 1);
                default:
                    return Optional.of("unexpected " + ta.kind().label());
            }
        }

        private Optional<String> compareFwd(BtfType ta, BtfType tb) {
            boolean unionA = ta.kind() == BtfKind.UNION || ta.kind() == BtfKind.FWD && ((BtfType.Fwd) ta).isUnion();
            boolean unionB = tb.kind() == BtfKind.UNION || tb.kind() == BtfKind.FWD && ((BtfType.Fwd) tb).isUnion();
            boolean compositeA = ta.kind().isComposite() || ta.kind() == BtfKind.FWD;
            boolean compositeB = tb.kind().isComposite() || tb.kind() == BtfKind.FWD;
            if (!compositeA || !compositeB || unionA != unionB) {
                return Optional.of("kind " + ta.kind().label() + " vs " + tb.kind().label());
            }
            return names(ta, tb);
        }

        private Optional<String> compareArrays(BtfType.Array x, BtfType.Array y, int depth) {
            if (x.nelems() != y.nelems()) {
                return Optional.of("array length " + x.nelems() + " vs " + y.nelems());
            }
            return compare(x.elemType(), y.elemType(), depth + 1).map(r -> "array element: " + r);
        }

        private Optional<String> compareComposites(BtfType.Composite x, BtfType.Composite y, int depth) {
            Optional<String> n = names(x, y);
            if (n.isPresent()) {
                return n;
            }
            if (x.size() != y.size()) {
                return Optional.of(x.kind().label().toLowerCase(java.util.Locale.ROOT) + " size " + x.size() + " vs " + y.size());
            }
            List<BtfType.Member> mx = x.members();
            List<BtfType.Member> my = y.members();
            if (mx.size() != my.size()) {
                return Optional.of("member count " + mx.size() + " vs " + my.size());
            }
            for (int i = 0; i < mx.size(); i++) {
                BtfType.Member a = mx.get(i);
                BtfType.Member b = my.get(i);
                if (!a.name().equals(b.name()) || a.bitOffset() != b.bitOffset()) {
                    return Optional.of("member " + i + " is " + a.name() + " vs " + b.name());
                }
                Optional<String> r = compare(a.type(), b.type(), depth + 1);
                if (r.isPresent()) {
                    return Optional.of("member " + a.name() + ": " + r.get());
                }
            }
            return Optional.empty();
        }

        private Optional<String> compareProtos(BtfType.FuncProto x, BtfType.FuncProto y, int depth) {
            if (x.params().size() != y.params().size()) {
                return Optional.of("parameter count " + x.params().size() + " vs " + y.params().size());
            }
            Optional<String> r = compare(x.returnType(), y.returnType(), depth + 1);
            if (r.isPresent()) {
                return Optional.of("return type: " + r.get());
            }
            for (int i = 0; i < x.params().size(); i++) {
                r = compare(x.params().get(i).type(), y.params().get(i).type(), depth + 1);
                if (r.isPresent()) {
                    return Optional.of("parameter " + (i + 1) + ": " + r.get());
                }
            }
            return Optional.empty();
        }

        private static Optional<String> names(BtfType a, BtfType b) {
            return a.name().equals(b.name()) ? Optional.empty()
                    : Optional.of("name " + show(a.name()) + " vs " + show(b.name()));
        }

        private static Optional<String> sizes(int a, int b, String what) {
            return a == b ? Optional.empty() : Optional.of(what + " size " + a + " vs " + b);
        }

        private static String show(String name) {
            return name.isEmpty() ? "(anonymous)" : name;
        }

        private static int skip(Btf btf, int id) {
            for (int guard = 0; guard < MAX_DEPTH; guard++) {
                BtfType t = btf.type(id);
                if (!t.kind().isModifier() && t.kind() != BtfKind.TYPEDEF) {
                    return id;
                }
                id = ((BtfType.Ref) t).type();
            }
            return id;
        }
    }
}
