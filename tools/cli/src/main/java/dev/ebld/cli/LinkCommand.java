package dev.ebld.cli;

import dev.ebld.diag.Diagnostic;
import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.LinkStats;
import dev.ebld.linker.Linked;
import dev.ebld.linker.Linker;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ebld link}: the static linker, with ld's option names. {@code --whole-archive} and
 * {@code --no-whole-archive} apply to the inputs that follow them, as in ld.
 *
 * <p>Unlike the other subcommands, link's picocli model is built in code, not from annotations:
 * a link's whole-process time is what users and the benchmarks measure, and on a cold JVM
 * reading the annotations (one generated proxy class per annotation type) cost more than
 * parsing the command line (see {@link Main}).
 */
public final class LinkCommand implements Callable<Integer> {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("link");

    private final OptionSpec output = OptionSpec.builder("-o", "--output").type(Path.class)
            .required(true).paramLabel("OUT")
            .description("The object to write (atomically; never one of the inputs).").build();

    private final OptionSpec mapFile = OptionSpec.builder("-M", "--map", "-Map").type(Path.class)
            .paramLabel("FILE")
            .description("Write a link map (- for stdout): sections with their input pieces, symbols"
                    + " with winners and losers, unresolved references.").build();

    private final OptionSpec stats = OptionSpec.builder("--stats").type(boolean.class)
            .description("Print the time each link stage took to stderr (as ld --stats).").build();

    private final OptionSpec noUndefined = OptionSpec.builder("--no-undefined").type(boolean.class)
            .description("Make every unresolved reference an error.").build();

    /**
     * Positional inputs. Picocli appends to one list as it meets each input, so an option setter
     * sees how many inputs came before it; {@link #toggles} records that to give ld's semantics.
     */
    private final PositionalParamSpec paths = PositionalParamSpec.builder().type(List.class)
            .auxiliaryTypes(Path.class).arity("1..*").required(true).paramLabel("INPUT")
            .description("Objects (.o) and archives (.a), in link order.").build();

    /** For each --[no-]whole-archive: the number of inputs before it, and the new state. */
    private final List<Map.Entry<Integer, Boolean>> toggles = new ArrayList<>();

    private LinkCommand() {
        spec.usageMessage().description("Link BPF objects and archives into one relocatable BPF object.");
        spec.addOption(output).addOption(mapFile).addOption(stats).addOption(noUndefined)
                .addPositional(paths);
        spec.addOption(OptionSpec.builder("--whole-archive").type(boolean.class)
                .setter(new Toggle(true))
                .description("Take every member of the archives that follow, not just the needed ones.")
                .build());
        spec.addOption(OptionSpec.builder("--no-whole-archive").type(boolean.class)
                .setter(new Toggle(false))
                .description("Back to pulling only needed members.").build());
        Main.addStandardHelpOptions(spec);
    }

    /** The model of a new link command, for {@link Main} to register. */
    static CommandSpec spec() {
        return new LinkCommand().spec;
    }

    /** Records a --[no-]whole-archive at the current input position (the flag's value is not used). */
    private final class Toggle implements ISetter {
        private final boolean on;

        Toggle(boolean on) {
            this.on = on;
        }

        @Override
        public <T> T set(T value) {
            toggles.add(Map.entry(inputCount(), on));
            return null;
        }
    }

    private int inputCount() {
        List<Path> p = paths.getValue();
        return p == null ? 0 : p.size();
    }

    Path output() {
        return output.getValue();
    }

    /** The inputs in command-line order, each with the whole-archive state in force at it. */
    List<LinkInput> inputs() {
        List<Path> paths = this.paths.getValue();
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
        Path map = mapFile.getValue();
        boolean mapToStdout = map != null && map.toString().equals("-");
        Optional<Path> mapPath = mapToStdout ? Optional.empty() : Optional.ofNullable(map);
        Linked result = link();
        LinkStats times = result.write(output());
        if (mapPath.isPresent()) {
            result.writeMap(mapPath.get());
        }
        if (mapToStdout) {
            spec.commandLine().getOut().print(result.map().format());
            spec.commandLine().getOut().flush();
        }
        PrintWriter err = spec.commandLine().getErr();
        for (Diagnostic w : result.warnings()) {
            err.println(w.format());
        }
        if (isSet(stats)) {
            err.print("ebld link: stage times\n" + times.format());
        }
        err.flush();
        return Main.OK;
    }

    /** Links in memory; on failure a stale output is removed, so no old object passes for the new one. */
    private Linked link() throws LinkException, IOException {
        try {
            return Linker.link(inputs(), new LinkOptions(isSet(noUndefined)));
        } catch (LinkException e) {
            Files.deleteIfExists(output());
            throw e;
        }
    }

    /** A boolean option's value; picocli leaves it null when the option is absent. */
    private static boolean isSet(OptionSpec flag) {
        return Boolean.TRUE.equals(flag.getValue());
    }
}
