package dev.ebld.cli;

import dev.ebld.diag.Diagnostic;
import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.LinkResult;
import dev.ebld.linker.Linker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ebld link}: the static linker, with ld's option names. {@code --whole-archive} and
 * {@code --no-whole-archive} apply to the inputs that follow them, as in ld.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "Link BPF objects and archives into one relocatable BPF object.")
public final class LinkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "The object to write (atomically; never one of the inputs).")
    Path output;

    @Option(names = {"-M", "--map", "-Map"}, paramLabel = "FILE",
            description = "Write a link map (- for stdout): sections with their input pieces, symbols"
                    + " with winners and losers, unresolved references.")
    Path mapFile;

    @Option(names = "--stats",
            description = "Print the time each link stage took to stderr (as ld --stats).")
    boolean stats;

    @Option(names = "--no-undefined",
            description = "Make every unresolved reference an error.")
    boolean noUndefined;

    /**
     * Positional inputs. Picocli appends to this list as it meets each input, so an option setter
     * sees how many inputs came before it; {@link #toggles} records that to give ld's semantics.
     */
    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Objects (.o) and archives (.a), in link order.")
    List<Path> paths = new ArrayList<>();

    /** For each --[no-]whole-archive: the number of inputs before it, and the new state. */
    private final List<Map.Entry<Integer, Boolean>> toggles = new ArrayList<>();

    @Option(names = "--whole-archive",
            description = "Take every member of the archives that follow, not just the needed ones.")
    void wholeArchive(boolean on) {
        toggles.add(Map.entry(paths.size(), true));
    }

    @Option(names = "--no-whole-archive", description = "Back to pulling only needed members.")
    void noWholeArchive(boolean on) {
        toggles.add(Map.entry(paths.size(), false));
    }

    /** The inputs in command-line order, each with the whole-archive state in force at it. */
    List<LinkInput> inputs() {
        List<LinkInput> out = new ArrayList<>(paths.size());
        boolean whole = false;
        int t = 0;
        for (int i = 0; i < paths.size(); i++) {
            while (t < toggles.size() && toggles.get(t).getKey() <= i) {
                whole = toggles.get(t++).getValue();
            }
            out.add(new LinkInput(paths.get(i), whole));
        }
        return out;
    }

    @Override
    public Integer call() throws LinkException, IOException {
        boolean mapToStdout = mapFile != null && mapFile.toString().equals("-");
        Optional<Path> mapPath = mapToStdout ? Optional.empty() : Optional.ofNullable(mapFile);
        LinkResult result = Linker.link(new LinkOptions(inputs(), output, mapPath, noUndefined));
        if (mapToStdout) {
            spec.commandLine().getOut().print(result.map().format());
            spec.commandLine().getOut().flush();
        }
        PrintWriter err = spec.commandLine().getErr();
        for (Diagnostic w : result.warnings()) {
            err.println(w.format());
        }
        if (stats) {
            err.print("ebld link: stage times\n" + result.stats().format());
        }
        err.flush();
        return Main.OK;
    }
}
