package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.diag.Diagnostic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every declaration of a global against the winning definition (or, for a name nobody
 * defines, against its first declaration) with BTF, as libbpf's linker does before resolving:
 * a function against a function with an agreeing prototype, a variable against a variable of an
 * agreeing type, and a map against a map whose every field ({@code type}, {@code max_entries},
 * {@code key}, {@code value} ...) agrees. A mismatch names both types and both places.
 */
final class ExternChecker {
    private final InputSet inputs;
    private final TypeMatcher matcher;
    private final Diagnostics diags;

    ExternChecker(InputSet inputs, TypeMatcher matcher, Diagnostics diags) {
        this.inputs = inputs;
        this.matcher = matcher;
        this.diags = diags;
    }

    void check(Resolution resolution) {
        for (GlobalSymbol g : resolution.globals()) {
            if (g.declarations().size() < 2) {
                continue;
            }
            Declaration ref = g.winner().orElse(g.declarations().get(0));
            for (Declaration d : g.declarations()) {
                if (d != ref && checkOne(g, ref, d)) {
                    break; // one report per name is enough
                }
            }
        }
    }

    /** True if a mismatch was reported. */
    private boolean checkOne(GlobalSymbol g, Declaration ref, Declaration d) {
        InputFile fr = inputs.files().get(ref.file());
        InputFile fd = inputs.files().get(d.file());
        Optional<Integer> ir = BtfIds.globalVarOrFunc(fr, g.name());
        Optional<Integer> id = BtfIds.globalVarOrFunc(fd, g.name());
        if (ir.isEmpty() || id.isEmpty()) {
            return false;
        }
        Btf br = fr.btf().get();
        Btf bd = fd.btf().get();
        BtfType tr = br.type(ir.get());
        BtfType td = bd.type(id.get());
        if (tr.kind() != td.kind()) {
            report("type-mismatch", g, ref, d, word(td) + " here, " + word(tr) + " in " + fr.name());
            return true;
        }
        boolean map = g.space().equals(NameSpaces.MAPS);
        Optional<String> why = map
                ? mapMismatch(bd, ((BtfType.Var) td).type(), br, ((BtfType.Var) tr).type(), fr.name())
                : matcher.mismatch(bd, ((BtfType.Ref) td).type(), br, ((BtfType.Ref) tr).type());
        if (why.isEmpty()) {
            return false;
        }
        String detail = map ? why.get()
                : TypeNames.of(bd, ((BtfType.Ref) td).type()) + " here, "
                + TypeNames.of(br, ((BtfType.Ref) tr).type()) + " in " + fr.name() + ": " + why.get();
        report(map ? "map-mismatch" : "type-mismatch", g, ref, d, detail);
        return true;
    }

    private void report(String kind, GlobalSymbol g, Declaration ref, Declaration d, String detail) {
        InputFile fr = inputs.files().get(ref.file());
        InputFile fd = inputs.files().get(d.file());
        String what = kind.equals("map-mismatch") ? "map definition mismatch for " : "type mismatch for ";
        diags.add(Diagnostic.error(kind, Places.of(fd, d.symbol()), what + g.name() + ": " + detail,
                verb(d) + " in " + Places.of(fd, d.symbol()).format(),
                verb(ref) + " in " + Places.of(fr, ref.symbol()).format()));
    }

    private static String verb(Declaration d) {
        return d.isDefinition() ? "defined" : "declared";
    }

    private static String word(BtfType t) {
        return t.kind() == BtfKind.FUNC ? "a function" : "a variable";
    }

    /** Field-by-field comparison of two BTF map definitions (structs of pointer fields). */
    private Optional<String> mapMismatch(Btf ba, int a, Btf bb, int b, String there) {
        Map<String, BtfType.Member> ma = fields(ba, a);
        Map<String, BtfType.Member> mb = fields(bb, b);
        for (String name : ma.keySet()) {
            if (!mb.containsKey(name)) {
                return Optional.of("field " + name + " missing in " + there);
            }
            Optional<String> r = field(ba, ma.get(name).type(), bb, mb.get(name).type(), there);
            if (r.isPresent()) {
                return Optional.of(name + " " + r.get());
            }
        }
        for (String name : mb.keySet()) {
            if (!ma.containsKey(name)) {
                return Optional.of("field " + name + " missing here");
            }
        }
        return Optional.empty();
    }

    private Optional<String> field(Btf ba, int a, Btf bb, int b, String there) {
        BtfType ta = ba.type(a);
        BtfType tb = bb.type(b);
        if (ta instanceof BtfType.Ptr pa && tb instanceof BtfType.Ptr pb) {
            BtfType ea = ba.type(pa.type());
            BtfType eb = bb.type(pb.type());
            if (ea instanceof BtfType.Array xa && eb instanceof BtfType.Array xb) {
                // __uint(name, value) is spelled `int (*name)[value]`.
                return xa.nelems() == xb.nelems() ? Optional.empty()
                        : Optional.of(xa.nelems() + " here, " + xb.nelems() + " in " + there);
            }
            return matcher.mismatch(ba, pa.type(), bb, pb.type())
                    .map(r -> TypeNames.of(ba, pa.type()) + " here, " + TypeNames.of(bb, pb.type())
                            + " in " + there + ": " + r);
        }
        return matcher.mismatch(ba, a, bb, b).map(r -> r + " (in " + there + ")");
    }

    private static Map<String, BtfType.Member> fields(Btf btf, int id) {
        Map<String, BtfType.Member> out = new LinkedHashMap<>();
        BtfType t = btf.type(id);
        for (int guard = 0; guard < 16 && (t.kind().isModifier() || t.kind() == BtfKind.TYPEDEF); guard++) {
            t = btf.type(((BtfType.Ref) t).type());
        }
        if (t instanceof BtfType.Composite c) {
            for (BtfType.Member m : c.members()) {
                out.put(m.name(), m);
            }
        }
        return out;
    }
}
