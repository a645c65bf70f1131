package dev.ebld.cli.bench;

import dev.ebld.inspect.objdump.ObjdumpOptions;
import dev.ebld.inspect.objdump.ObjdumpPrinter;
import dev.ebld.elf.ElfReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Parse + disassemble throughput ({@code objdump -d}) of ebld against {@code llvm-objdump-19 -d}
 * on the same objects.
 *
 * <p>llvm-objdump-19 decodes every file of one invocation in the byte order of the first
 * (given {@code a-eb.o b-el.o} it prints {@code b-el.o} as big-endian), so each tool's process
 * runs once per byte order: one command for the little-endian objects, one for the big-endian.
 * In-process, one pass reads every object from memory and renders its listing.
 */
@Command(name = "objdump", mixinStandardHelpOptions = true,
        description = "ebld objdump -d against llvm-objdump-19 -d (default inputs: fixtures/obj/*.o).")
final class ObjdumpBench implements Callable<Integer> {
    private static final ObjdumpOptions DISASSEMBLE = new ObjdumpOptions(true, false, false, false, true);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--llvm-objdump", defaultValue = "llvm-objdump-19", paramLabel = "PROGRAM",
            description = "The reference disassembler (default ${DEFAULT-VALUE}).")
    String llvm;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "BPF objects to disassemble.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec.commandLine().getOut());
        List<Path> inputs = BenchInputs.orFixtures(files, ".o");
        List<String> names = BenchInputs.names(inputs);
        List<byte[]> data = BenchInputs.readAll(inputs);
        long bytes = BenchInputs.totalLength(data);
        List<List<String>> groups = byteOrderGroups(names, data);
        report.heading(String.format("objdump -d: %d objects, %d bytes; Java %s", inputs.size(), bytes,
                System.getProperty("java.version")));
        Timed.InProcess ebld = new Timed.InProcess(() -> disassemble(names, data).length(),
                common.warmupSeconds);
        if (!Processes.available(llvm)) {
            Map<String, Samples> r = new Race().add("ebld", ebld).run(common.runs);
            report.heading("In-process (one pass = parse + disassemble every object):");
            report.row("ebld (JIT warm)", r.get("ebld"), inputs.size(), bytes);
            report.line("  %s not found: no comparison (sink %d)", llvm, ebld.sink());
            report.flush();
            return 0;
        }
        report.line("Output identical to %s -d: %s", llvm, sameText(names, data, groups));
        Map<String, Samples> r = new Race().add("ebld", ebld)
                .add("llvm", Timed.commands(commands(List.of(llvm, "-d"), groups))).run(common.runs);
        report.heading("In-process ebld (one pass = parse + disassemble every object) vs "
                + llvm + " processes (one per byte order):");
        report.row("ebld in-process, JIT warm", r.get("ebld"), inputs.size(), bytes);
        report.row(llvm + " -d", r.get("llvm"), inputs.size(), bytes);
        report.ratio("throughput", r.get("ebld"), r.get("llvm"), llvm);
        wholeProcess(report, inputs, groups, bytes);
        report.line("  (sink %d)", ebld.sink());
        report.flush();
        return 0;
    }

    private void wholeProcess(Report report, List<Path> inputs, List<List<String>> groups, long bytes)
            throws Exception {
        Path launcher = common.launcherOrNull();
        if (launcher == null) {
            report.line("%nWhole process: skipped (no ebld launcher found, or --no-process)");
            return;
        }
        List<Path> bySize = new ArrayList<>(inputs);
        bySize.sort(Comparator.comparingLong(p -> p.toFile().length()));
        Path typical = bySize.get(bySize.size() / 2);
        Path largest = bySize.get(bySize.size() - 1);
        List<String> ebld = List.of(launcher.toString(), "objdump", "-d");
        List<String> ref = List.of(llvm, "-d");
        Race race = new Race()
                .add("ebld-all", Timed.commands(commands(ebld, groups)))
                .add("llvm-all", Timed.commands(commands(ref, groups)));
        for (Path p : List.of(typical, largest)) {
            List<List<String>> one = List.of(BenchInputs.names(List.of(p)));
            race.add("ebld " + p, Timed.commands(commands(ebld, one)))
                    .add("llvm " + p, Timed.commands(commands(ref, one)));
        }
        Map<String, Samples> r = race.run(common.runs);
        report.heading("Whole process (wall time, JVM start-up included), " + launcher + ":");
        report.row("ebld objdump -d, all objects", r.get("ebld-all"), inputs.size(), bytes);
        report.row(llvm + " -d, all objects", r.get("llvm-all"), inputs.size(), bytes);
        report.ratio("all objects", r.get("ebld-all"), r.get("llvm-all"), llvm);
        for (Path p : List.of(typical, largest)) {
            String what = (p == typical ? "median-size object " : "largest object ") + p.getFileName();
            long size = p.toFile().length();
            report.row("ebld objdump -d " + p.getFileName(), r.get("ebld " + p), 1, size);
            report.row(llvm + " -d " + p.getFileName(), r.get("llvm " + p), 1, size);
            report.ratio(what + " (" + size + " bytes)", r.get("ebld " + p), r.get("llvm " + p), llvm);
        }
    }

    /** The concatenated listings, exactly what {@code ebld objdump -d names...} prints. */
    private static String disassemble(List<String> names, List<byte[]> data) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            sb.append(ObjdumpPrinter.print(ElfReader.read(data.get(i), names.get(i)), DISASSEMBLE));
        }
        return sb.toString();
    }

    /** The benchmark is only fair if both tools print the same thing; say so either way. */
    private String sameText(List<String> names, List<byte[]> data, List<List<String>> groups)
            throws Exception {
        StringBuilder ours = new StringBuilder();
        StringBuilder theirs = new StringBuilder();
        for (List<String> group : groups) {
            List<byte[]> groupData = new ArrayList<>();
            for (String n : group) {
                groupData.add(data.get(names.indexOf(n)));
            }
            ours.append(disassemble(group, groupData));
            theirs.append(Processes.capture(commands(List.of(llvm, "-d"), List.of(group)).get(0)));
        }
        return ours.toString().equals(theirs.toString())
                ? "yes (" + ours.length() + " characters)"
                : "NO (ebld " + ours.length() + " characters, " + llvm + " " + theirs.length() + ")";
    }

    /** File names split by ELF byte order ({@code EI_DATA}), little-endian first. */
    private static List<List<String>> byteOrderGroups(List<String> names, List<byte[]> data) {
        List<String> little = new ArrayList<>();
        List<String> big = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            boolean isBig = data.get(i).length > 5 && data.get(i)[5] == 2;
            (isBig ? big : little).add(names.get(i));
        }
        List<List<String>> out = new ArrayList<>();
        if (!little.isEmpty()) {
            out.add(little);
        }
        if (!big.isEmpty()) {
            out.add(big);
        }
        return out;
    }

    /** One command per group: {@code prefix} followed by the group's files. */
    private static List<List<String>> commands(List<String> prefix, List<List<String>> groups) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> g : groups) {
            List<String> c = new ArrayList<>(prefix);
            c.addAll(g);
            out.add(c);
        }
        return out;
    }
}
