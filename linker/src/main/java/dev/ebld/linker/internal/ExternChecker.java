package dev.ebld.linker.internal;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.compat.CompatResult;
import dev.ebld.btf.compat.TypeCompatibility;
import dev.ebld.diag.Diagnostic;
import dev.ebld.linker.LinkDiagnosticKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks every declaration of a global against the winning definition (or, for a name nobody
 * defines, against its first declaration) with BTF, as libbpf's linker does before resolving:
 * a function against a function with an agreeing prototype, a variable against a variable of an
 * agreeing type, and a map against a map whose every field ({@code type}, {@code max_entries},
 * {@code key}, {@code value} ...) agrees. The rules are the shared ones of
 * {@link TypeCompatibility}; a mismatch names both types (in C) and both places.
 */
final class ExternChecker {
    /**
     * Below this many shared globals the checks run on the calling thread: handing out work
     * costs more than a few hundred cheap checks (BTF ids are indexed per file).
     */
    private static final int PARALLEL_FROM = 512;

    private final InputSet inputs;
    private final Diagnostics diags;

    ExternChecker(InputSet inputs, Diagnostics diags) {
        this.inputs = inputs;
        this.diags = diags;
    }

    /**
     * Checks every global declared more than once. The checks are independent, so many of them
     * run in parallel; the reports are gathered in symbol order, which keeps the output
     * deterministic.
     */
    void check(Resolution resolution) {
        List<GlobalSymbol> shared = new ArrayList<>();
        for (GlobalSymbol g : resolution.globals()) {
            if (g.declarations().size() >= 2) {
                shared.add(g);
            }
        }
        for (Optional<Diagnostic> d : Parallel.map(shared.size(), PARALLEL_FROM, i -> checkGlobal(shared.get(i)))) {
            d.ifPresent(diags::add);
        }
    }

    /** The first mismatch among the declarations of {@code g}: one report per name is enough. */
    private Optional<Diagnostic> checkGlobal(GlobalSymbol g) {
        Declaration ref = g.winner().orElse(g.declarations().get(0));
        for (Declaration d : g.declarations()) {
            if (d != ref) {
                Optional<Diagnostic> r = checkOne(g, ref, d);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }

    /** The mismatch between declaration {@code d} and the reference one, if any. */
    private Optional<Diagnostic> checkOne(GlobalSymbol g, Declaration ref, Declaration d) {
        InputFile fr = inputs.files().get(ref.file());
        InputFile fd = inputs.files().get(d.file());
        Optional<Integer> ir = BtfIds.globalVarOrFunc(fr, g.name());
        Optional<Integer> id = BtfIds.globalVarOrFunc(fd, g.name());
        if (ir.isEmpty() || id.isEmpty()) {
            return Optional.empty();
        }
        Btf br = fr.btf().get();
        Btf bd = fd.btf().get();
        if (br.type(ir.get()).kind() != bd.type(id.get()).kind()) {
            String here = Places.of(fd, d.symbol()).format();
            String there = Places.of(fr, ref.symbol()).format();
            return Optional.of(Diagnostic.error(LinkDiagnosticKind.TYPE_MISMATCH, Places.of(fd, d.symbol()),
                    "type mismatch for " + g.name() + ": " + word(bd.type(id.get())) + " here, "
                            + word(br.type(ir.get())) + " in " + fr.name(),
                    verb(d) + " in " + here, verb(ref) + " in " + there));
        }
        boolean map = g.space() == NameSpace.MAPS && br.type(ir.get()).kind() == BtfKind.VAR;
        boolean agrees = map ? TypeCompatibility.mapAgrees(bd, id.get(), br, ir.get())
                : TypeCompatibility.externAgrees(bd, id.get(), br, ir.get());
        if (agrees) {
            return Optional.empty();
        }
        // Mismatches are rare: only now spell out the places and both sides in C for the message.
        CompatResult r = compare(map, Places.of(fd, d.symbol()).format(), bd, id.get(),
                Places.of(fr, ref.symbol()).format(), br, ir.get());
        return Optional.of(Diagnostic.error(map ? LinkDiagnosticKind.MAP_MISMATCH : LinkDiagnosticKind.TYPE_MISMATCH, Places.of(fd, d.symbol()),
                r.kind().label() + " for " + g.name() + ": " + r.reason(),
                verb(d) + " in " + r.leftOrigin() + ": " + r.leftC(),
                verb(ref) + " in " + r.rightOrigin() + ": " + r.rightC()));
    }

    private static CompatResult compare(boolean map, String here, Btf bd, int id, String there, Btf br, int ir) {
        return map ? TypeCompatibility.mapMatches(here, bd, id, there, br, ir)
                : TypeCompatibility.externMatches(here, bd, id, there, br, ir);
    }

    private static String verb(Declaration d) {
        return d.isDefinition() ? "defined" : "declared";
    }

    private static String word(BtfType t) {
        return t.kind() == BtfKind.FUNC ? "a function" : "a variable";
    }
}
