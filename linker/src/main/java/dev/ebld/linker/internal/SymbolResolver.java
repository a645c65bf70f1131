package dev.ebld.linker.internal;

import dev.ebld.diag.Diagnostic;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.linker.LinkDiagnosticKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 2, resolving symbols. Local symbols stay private to their file and are not seen here.
 * Every global name collects its declarations in link order; the winner is chosen by rank, so
 * the result never depends on iteration order:
 *
 * <ol>
 *   <li>a strong definition beats a weak one, which beats an extern;</li>
 *   <li>among equals, the earlier input wins (among weak definitions the first wins, whatever
 *       the binding of later declarations, as in libbpf);</li>
 *   <li>two strong definitions are an error naming both, except in {@code license} and
 *       {@code version}, which are kept once after checking their contents agree.</li>
 * </ol>
 *
 * The output binding is GLOBAL if any declaration, even an extern, is non-weak; visibility is
 * HIDDEN if any declaration, even a losing one, says so. All declarations of a name must share a
 * name space ({@link NameSpaces}), and all definitions must agree on being a function or object.
 *
 * <p>After this stage: every global name has a {@link GlobalSymbol} with a known winner or none.
 */
public final class SymbolResolver {
    private final Diagnostics diags = new Diagnostics();
    /** Name to id: the position of the name's declarations in {@link #byId}. */
    private final Map<String, Integer> ids;
    /**
     * Per id, the declarations in link order. Almost every name is declared once, so a name
     * starts with an immutable one-element list, which {@link GlobalSymbol} keeps as is; a second
     * declaration turns it into an {@link ArrayList}.
     */
    private final List<List<Declaration>> byId;
    private final int[][] globalOf;
    /** {@code {file, symIndex}} of globals defined in dropped sections; see {@link #followNames}. */
    private final List<int[]> undeclared = new ArrayList<>();

    private SymbolResolver(InputSet inputs) {
        int symbols = 0;
        for (InputFile f : inputs.files()) {
            symbols += f.symbols().size();
        }
        // Sized for the worst case (every symbol a distinct global), so neither ever grows.
        ids = new HashMap<>(symbols + symbols / 3 + 1);
        byId = new ArrayList<>(symbols);
        globalOf = new int[inputs.files().size()][];
    }

    public record Result(Resolution resolution, Diagnostics diagnostics) {
    }

    public static Result resolve(InputSet inputs) {
        SymbolResolver r = new SymbolResolver(inputs);
        for (InputFile f : inputs.files()) {
            r.collect(f);
        }
        r.followNames(inputs);
        List<GlobalSymbol> globals = new ArrayList<>(r.byId.size());
        for (int id = 0; id < r.byId.size(); id++) {
            globals.add(r.resolveOne(inputs, r.byId.get(id)));
        }
        return new Result(new Resolution(globals, r.ids, r.globalOf), r.diags);
    }

    private void collect(InputFile f) {
        NameSpaces spaces = NameSpaces.of(f);
        List<ElfSymbol> syms = f.symbols();
        int[] ofSymbol = new int[syms.size()];
        ofSymbol[0] = -1;
        for (int i = 1; i < syms.size(); i++) {
            ofSymbol[i] = declare(f, spaces, i, syms.get(i));
        }
        globalOf[f.order()] = ofSymbol;
    }

    /**
     * Adds symbol {@code i} of {@code f} to its name's declarations; returns the name's id, or -1
     * if the symbol takes no part. One symbol per call rather than a loop body: C1 compiles a
     * method called thousands of times almost at once, while a loop of a few hundred iterations
     * per call waits for the back-edge threshold (see docs/performance.md: the launcher
     * lowers it to 6,000; the Maven plugin runs in a JVM whose JIT is long warm).
     */
    private int declare(InputFile f, NameSpaces spaces, int i, ElfSymbol s) {
        if (s.isLocal() || s.name().isEmpty()) {
            return -1;
        }
        if (!s.isUndefined() && s.shndx() < ElfSymbol.SHN_ABS && !f.definedInContent(s)) {
            undeclared.add(new int[] {f.order(), i});
            return -1; // defined in a dropped section (e.g. DWARF): not part of the link
        }
        if (s.shndx() == ElfSymbol.SHN_COMMON) {
            diags.add(Diagnostic.error(LinkDiagnosticKind.COMMON_SYMBOL, Places.of(f, s),
                    "common symbol " + s.name() + " is not supported in BPF objects"));
            return -1;
        }
        Declaration d = new Declaration(f.order(), i, s, kindOf(s), spaces.spaceOf(s));
        int id = byId.size();
        Integer known = ids.putIfAbsent(s.name(), id);
        if (known == null) {
            byId.add(List.of(d));
            return id;
        }
        List<Declaration> list = byId.get(known);
        if (!(list instanceof ArrayList)) {
            list = new ArrayList<>(list);
            byId.set(known, list);
        }
        list.add(d);
        return known;
    }

    /**
     * A global defined in a dropped section declares nothing, but references to it (from kept
     * sections of its own file) still mean the name: they go to whatever another file declares.
     */
    private void followNames(InputSet inputs) {
        for (int[] u : undeclared) {
            Integer id = ids.get(inputs.files().get(u[0]).symbols().get(u[1]).name());
            if (id != null) {
                globalOf[u[0]][u[1]] = id;
            }
        }
    }

    private static Declaration.Kind kindOf(ElfSymbol s) {
        if (s.isUndefined()) {
            return Declaration.Kind.UNDEFINED;
        }
        return s.isWeak() ? Declaration.Kind.WEAK : Declaration.Kind.STRONG;
    }

    /**
     * Picks the winner of one name. Rank ({@link Declaration.Kind#rank()}), lower wins:
     * <pre>
     *   1  strong definition   (STB_GLOBAL, defined)
     *   2  weak definition     (STB_WEAK, defined)
     *   3  extern              (SHN_UNDEF; never wins, the name stays undefined)
     * </pre>
     * Equal ranks go to the earlier input ({@code decls} is in link order), except two rank-1
     * definitions, which are a duplicate-symbol error.
     */
    private GlobalSymbol resolveOne(InputSet inputs, List<Declaration> decls) {
        Declaration first = decls.get(0);
        String name = first.symbol().name();
        Declaration winner = null;
        boolean strong = false;
        boolean hidden = false;
        for (int i = 0; i < decls.size(); i++) {
            Declaration d = decls.get(i);
            if (d.isDefinition()) {
                if (winner == null || d.kind().rank() < winner.kind().rank()) {
                    winner = d;
                } else if (d.kind() == Declaration.Kind.STRONG && winner.kind() == Declaration.Kind.STRONG) {
                    reportDuplicate(inputs, name, winner, d);
                }
            }
            strong |= d.symbol().bind() == ElfSymbol.STB_GLOBAL;
            hidden |= d.symbol().visibility() == ElfSymbol.STV_HIDDEN;
        }
        checkSpaces(inputs, name, decls);
        if (decls.size() > 1) {
            checkDefinitionKinds(inputs, name, decls);
        }
        Declaration typeSource = winner != null ? winner : first;
        int vis = hidden ? ElfSymbol.STV_HIDDEN : typeSource.symbol().visibility();
        return new GlobalSymbol(name, decls, Optional.ofNullable(winner),
                strong ? ElfSymbol.STB_GLOBAL : ElfSymbol.STB_WEAK, vis, typeSource.symbol().type(),
                typeSource.space());
    }

    private void reportDuplicate(InputSet inputs, String name, Declaration first, Declaration second) {
        InputFile a = inputs.files().get(first.file());
        InputFile b = inputs.files().get(second.file());
        if (keptOnce(a, first) && keptOnce(b, second)) {
            return; // license/version: same-content check happens in layout
        }
        diags.add(Diagnostic.error(LinkDiagnosticKind.DUPLICATE_SYMBOL, Places.of(b, second.symbol()),
                "duplicate symbol: " + name,
                "defined in " + Places.of(a, first.symbol()).format(),
                "defined in " + Places.of(b, second.symbol()).format()));
    }

    private static boolean keptOnce(InputFile f, Declaration d) {
        return f.definedInContent(d.symbol()) && SectionLayout.isKeptOnce(f.section(d.symbol().shndx()).name());
    }

    private void checkSpaces(InputSet inputs, String name, List<Declaration> decls) {
        Declaration first = decls.get(0);
        for (int i = 0; i < decls.size(); i++) {
            Declaration d = decls.get(i);
            if (d.space() != first.space()) {
                InputFile a = inputs.files().get(first.file());
                InputFile b = inputs.files().get(d.file());
                diags.add(Diagnostic.error(LinkDiagnosticKind.SECTION_MISMATCH, Places.of(b, d.symbol()),
                        "symbol " + name + " is declared in " + spaceLabel(d) + " here but in "
                                + spaceLabel(first) + " in " + a.name(),
                        "declared in " + Places.of(a, first.symbol()).format()
                                + " (" + spaceLabel(first) + ")"));
                return;
            }
            if (d.isDefinition() && d.space().isLoaderResolved()) {
                diags.add(Diagnostic.error(LinkDiagnosticKind.SECTION_MISMATCH, Places.of(inputs.files().get(d.file()), d.symbol()),
                        "symbol " + name + " is defined in " + d.space().label()
                                + ", which only holds externs resolved by the loader"));
            }
        }
    }

    private static String spaceLabel(Declaration d) {
        return d.space().label();
    }

    private void checkDefinitionKinds(InputSet inputs, String name, List<Declaration> decls) {
        Declaration firstDef = null;
        for (Declaration d : decls) {
            if (!d.isDefinition()) {
                continue;
            }
            if (firstDef == null) {
                firstDef = d;
            } else if (isFunc(d) != isFunc(firstDef)) {
                InputFile a = inputs.files().get(firstDef.file());
                InputFile b = inputs.files().get(d.file());
                diags.add(Diagnostic.error(LinkDiagnosticKind.TYPE_MISMATCH, Places.of(b, d.symbol()),
                        "symbol " + name + " is a " + kindWord(d) + " here but a " + kindWord(firstDef)
                                + " in " + a.name(),
                        "defined in " + Places.of(a, firstDef.symbol()).format()));
                return;
            }
        }
    }

    private static boolean isFunc(Declaration d) {
        return d.symbol().type() == ElfSymbol.STT_FUNC;
    }

    private static String kindWord(Declaration d) {
        return isFunc(d) ? "function" : "variable";
    }
}
