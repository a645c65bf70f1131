package dev.ebld.testkit;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build check behind the project rule "closed families are switched on with switch
 * expressions with no {@code default}, so a new member breaks the build". It parses and
 * attributes Java sources with the JDK's compiler API and reports, for every switch whose
 * selector is an enum or a sealed type:
 *
 * <ul>
 *   <li>a {@code default} label: it would swallow a new member instead of failing to compile;</li>
 *   <li>a statement switch over an enum that does not name every constant: javac accepts it, and
 *       the missing constants (and any added later) silently do nothing.</li>
 * </ul>
 *
 * Attribution tolerates unresolved third-party types (only the project's sources and the JDK are
 * needed to know a selector's type), so the check runs without the modules' class paths.
 */
public final class ClosedFamilySwitches {
    private ClosedFamilySwitches() {
    }

    /** One finding: where, and what is wrong there. */
    public record Violation(String file, long line, String problem) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + problem;
        }
    }

    /** Every {@code *.java} under {@code <module>/src/main/java} of the repository at {@code root}, module-info aside. */
    public static List<Path> mainSources(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("(.*/)?src/main/java/.*"))
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').matches("(.*/)?(target|\\.[^/]*)/.*"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks {@code sources} together; violations are named relative to {@code root}, in file and line order. */
    public static List<Violation> check(Path root, List<Path> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(d -> { }, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            // Missing libraries are errors javac must not stop at: attribute every class anyway.
            List<String> options = List.of("-proc:none", "-XDshould-stop.ifError=FLOW", "-Xlint:none", "-nowarn");
            JavacTask task = (JavacTask) javac.getTask(null, files, d -> { }, options, null, units);
            Iterable<? extends CompilationUnitTree> parsed = task.parse();
            task.analyze();
            Trees trees = Trees.instance(task);
            List<Violation> out = new ArrayList<>();
            for (CompilationUnitTree unit : parsed) {
                new Scanner(root, unit, trees, out).scan(unit, null);
            }
            out.sort(Comparator.comparing(Violation::file).thenComparingLong(Violation::line));
            return out;
        }
    }

    /** The one-message report of {@code violations}, for a failing test. */
    public static String report(List<Violation> violations) {
        return violations.size() + " switch(es) over a closed family can miss a new member"
                + " (use a switch expression naming every member, no default):\n"
                + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final String file;
        private final CompilationUnitTree unit;
        private final Trees trees;
        private final SourcePositions positions;
        private final String text;
        private final List<Violation> out;

        Scanner(Path root, CompilationUnitTree unit, Trees trees, List<Violation> out) throws IOException {
            Path p = Path.of(unit.getSourceFile().toUri());
            this.file = root.relativize(p).toString().replace('\\', '/');
            this.unit = unit;
            this.trees = trees;
            this.positions = trees.getSourcePositions();
            this.text = unit.getSourceFile().getCharContent(true).toString();
            this.out = out;
        }

        @Override
        public Void visitSwitch(SwitchTree node, Void unused) {
            check(node, node.getExpression(), node.getCases(), true);
            return super.visitSwitch(node, unused);
        }

        @Override
        public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
            check(node, node.getExpression(), node.getCases(), false);
            return super.visitSwitchExpression(node, unused);
        }

        private void check(Tree node, ExpressionTree selector, List<? extends CaseTree> cases, boolean statement) {
            TypeElement family = closedFamily(trees.getTypeMirror(new TreePath(getCurrentPath(), selector)));
            if (family == null) {
                return;
            }
            String name = family.getQualifiedName().toString();
            for (CaseTree c : cases) {
                if (isDefault(c)) {
                    add(c, "default label in a switch over " + name);
                }
            }
            if (statement && family.getKind() == ElementKind.ENUM && cases.stream().noneMatch(this::isDefault)) {
                Set<String> missing = constants(family);
                missing.removeAll(named(cases));
                if (!missing.isEmpty()) {
                    add(node, "statement switch over " + name + " misses " + missing.stream().sorted().toList());
                }
            }
        }

        /**
         * A {@code default} (or {@code case null, default}) label, recognised by its source text so
         * that the check reads the same on every JDK the build may use.
         */
        private boolean isDefault(CaseTree c) {
            int start = (int) positions.getStartPosition(unit, c);
            String head = text.substring(start, Math.min(text.length(), start + 200));
            return head.startsWith("default") || head.matches("(?s)case\\s+null\\s*,\\s*default\\b.*");
        }

        private Set<String> named(List<? extends CaseTree> cases) {
            Set<String> names = new HashSet<>();
            for (CaseTree c : cases) {
                int start = (int) positions.getStartPosition(unit, c);
                int end = (int) positions.getEndPosition(unit, c);
                String head = text.substring(start, end);
                int colon = firstLabelEnd(head);
                String labels = head.substring(head.indexOf("case") + 4, colon);
                for (String label : labels.split(",")) {
                    String l = label.trim();
                    names.add(l.substring(l.lastIndexOf('.') + 1));
                }
            }
            return names;
        }

        private static int firstLabelEnd(String head) {
            int arrow = head.indexOf("->");
            int colon = head.indexOf(':');
            if (arrow < 0) {
                return colon;
            }
            return colon < 0 ? arrow : Math.min(arrow, colon);
        }

        private static Set<String> constants(TypeElement e) {
            Set<String> names = new HashSet<>();
            for (Element m : e.getEnclosedElements()) {
                if (m.getKind() == ElementKind.ENUM_CONSTANT) {
                    names.add(m.getSimpleName().toString());
                }
            }
            return names;
        }

        private void add(Tree at, String problem) {
            long line = unit.getLineMap().getLineNumber(positions.getStartPosition(unit, at));
            out.add(new Violation(file, line, problem));
        }
    }

    /** The enum or sealed type {@code t} is, or null for anything else (ints, strings, unresolved types). */
    static TypeElement closedFamily(TypeMirror t) {
        if (t == null || t.getKind() != TypeKind.DECLARED) {
            return null;
        }
        TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
        boolean closed = e.getKind() == ElementKind.ENUM || e.getModifiers().contains(Modifier.SEALED);
        return closed ? e : null;
    }
}
