package dev.ebld.cli;

import dev.ebld.diag.Location;
import dev.ebld.inspect.objdump.ObjdumpOptions;
import dev.ebld.inspect.objdump.ObjdumpPrinter;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfReader;
import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkMap;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linked;
import dev.ebld.linker.Linker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ebld demo}: the README's main job on the bundled fixtures. It links the XDP rootlet
 * (whose {@code slot0}/{@code slot1} are weak placeholder subprograms) with the two component
 * objects that define them strongly, then shows what the linker did (the link map summary) and
 * the linked program (its disassembly). Everything goes through the same library calls as
 * {@code ebld link} and {@code ebld objdump}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Link the bundled rootlet with its component programs and show the result.")
public final class DemoCommand implements Callable<Integer> {
    /** The rootlet scenario of fixtures/scenarios.tsv ({@code rootlet_ab}), in link order. */
    static final List<String> INPUTS = List.of("rootlet-el.o", "component_a-el.o", "component_b-el.o");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fixtures", paramLabel = "DIR",
            description = "The fixtures directory (default: the one next to this ebld build).")
    Path fixtures;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Where to write the linked object (default: a new temporary directory).")
    Path output;

    @Override
    public Integer call() throws IOException, LinkException, ElfFormatException {
        Path objDir = fixturesDir().resolve("obj");
        List<LinkInput> inputs = new ArrayList<>();
        for (String name : INPUTS) {
            inputs.add(LinkInput.of(objDir.resolve(name)));
        }
        Path out = output != null ? output
                : Files.createTempDirectory("ebld-demo").resolve("rootlet-linked.o");
        Linked result = Linker.link(inputs, LinkOptions.defaults());
        result.write(out);

        PrintWriter w = spec.commandLine().getOut();
        w.println("$ ebld link -o " + out + " " + String.join(" ", INPUTS));
        printSummary(w, result.map());
        w.println();
        w.println("$ ebld objdump -d -r " + out);
        w.print(ObjdumpPrinter.print(ElfReader.read(out), ObjdumpOptions.parse("-dr")));
        w.flush();
        return Main.OK;
    }

    /** The map in brief: sections and sizes, who won each global, what is left undefined. */
    private static void printSummary(PrintWriter w, LinkMap map) {
        w.println("Output sections:");
        for (LinkMap.SectionEntry s : map.sections()) {
            w.printf("  %-20s %6d bytes from %d piece(s)%n", s.name(), s.size(), s.pieces().size());
        }
        w.println("Global symbols:");
        for (LinkMap.SymbolEntry s : map.symbols()) {
            String where = s.winner() == null ? "undefined" : "defined by " + s.winner();
            w.printf("  %-20s %-6s %s%n", s.name(), s.binding(), where);
            for (Location lost : s.losers()) {
                w.printf("  %-20s        overrides %s%n", "", lost);
            }
        }
        w.printf("Calls resolved at link time (same output section): %d%n", map.resolvedCalls());
        w.printf("Unresolved references left for the loader: %d%n", map.unresolved().size());
    }

    /**
     * The {@code --fixtures} option, else {@code fixtures/} of the source tree this CLI was built
     * in (the jar lives in {@code tools/cli/target}), else {@code ./fixtures}.
     */
    private Path fixturesDir() {
        if (fixtures != null) {
            return fixtures;
        }
        CodeSource source = DemoCommand.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                for (Path p = Path.of(source.getLocation().toURI()); p != null; p = p.getParent()) {
                    if (Files.isDirectory(p.resolve("fixtures/obj"))) {
                        return shortest(p.resolve("fixtures"));
                    }
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // Not a file location (e.g. a nested jar): fall back to the working directory.
            }
        }
        return Path.of("fixtures");
    }

    /** {@code dir} relative to the working directory when it lies below it, for shorter output. */
    private static Path shortest(Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        return dir.startsWith(cwd) ? cwd.relativize(dir) : dir;
    }
}
