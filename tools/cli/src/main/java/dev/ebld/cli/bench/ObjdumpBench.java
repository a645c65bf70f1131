package dev.ebld.cli.bench;

import dev.ebld.disasm.ObjdumpOptions;
import dev.ebld.disasm.ObjdumpPrinter;
import dev.ebld.elf.ElfReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Parse + disassemble throughput ({@code objdump -d}) of ebld against {@code llvm-objdump-19 -d}
 * on the same objects. In-process, one pass reads every object from memory and renders its
 * listing; llvm-objdump runs as one process over all objects, so its start-up is spread over
 * them. Whole-process, both tools run as commands, over all objects and over the largest one.
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
        List<byte[]> data = new ArrayList<>();
        long bytes = 0;
        for (Path p : inputs) {
            data.add(Files.readAllBytes(p));
            bytes += data.get(data.size() - 1).length;
        }
        report.heading(String.format("objdump -d: %d objects, %d bytes; Java %s", inputs.size(), bytes,
                System.getProperty("java.version")));
        boolean haveLlvm = Processes.available(llvm);
        if (haveLlvm) {
            checkSameText(report, names, data);
        }
        InProcessLoop loop = new InProcessLoop();
        Samples inProcess = loop.measure(() -> disassembleAll(names, data).length(),
                common.warmupSeconds, common.measureSeconds);
        report.heading("In-process (one pass = parse + disassemble every object):");
        report.row("ebld (JIT warm)", inProcess, inputs.size(), bytes);
        if (!haveLlvm) {
            report.line("  %s not found: no comparison", llvm);
            report.flush();
            return 0;
        }
        Samples llvmAll = new ProcessRace().add("llvm", ProcessRace.command(llvm, withFlag(names)))
                .run(common.runs).get("llvm");
        report.row(llvm + " -d (one process, all objects)", llvmAll, inputs.size(), bytes);
        report.ratio("throughput", inProcess, llvmAll, llvm);
        wholeProcess(report, inputs, names, bytes);
        report.line("  (sink %d)", loop.sink());
        report.flush();
        return 0;
    }

    private void wholeProcess(Report report, List<Path> inputs, List<String> names, long bytes)
            throws Exception {
        Path launcher = common.launcherOrNull();
        if (launcher == null) {
            report.line("%nWhole-process: skipped (no ebld launcher found or --no-process)");
            return;
        }
        Path largest = inputs.stream().max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        List<String> one = BenchInputs.names(List.of(largest));
        List<String> ebldCmd = List.of(launcher.toString(), "objdump");
        Map<String, Samples> r = new ProcessRace()
                .add("ebld-all", concat(ebldCmd, withFlag(names)))
                .add("llvm-all", ProcessRace.command(llvm, withFlag(names)))
                .add("ebld-one", concat(ebldCmd, withFlag(one)))
                .add("llvm-one", ProcessRace.command(llvm, withFlag(one)))
                .run(common.runs);
        report.heading("Whole process (wall time per command, start-up included):");
        report.row("ebld objdump -d, all objects", r.get("ebld-all"), inputs.size(), bytes);
        report.row(llvm + " -d, all objects", r.get("llvm-all"), inputs.size(), bytes);
        report.ratio("all objects", r.get("ebld-all"), r.get("llvm-all"), llvm);
        long oneBytes = largest.toFile().length();
        report.row("ebld objdump -d " + largest.getFileName(), r.get("ebld-one"), 1, oneBytes);
        report.row(llvm + " -d " + largest.getFileName(), r.get("llvm-one"), 1, oneBytes);
        report.ratio("one object", r.get("ebld-one"), r.get("llvm-one"), llvm);
    }

    /** The concatenated listings, exactly what {@code ebld objdump -d names...} prints. */
    private static String disassembleAll(List<String> names, List<byte[]> data) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            sb.append(ObjdumpPrinter.print(ElfReader.read(data.get(i), names.get(i)), DISASSEMBLE));
        }
        return sb.toString();
    }

    /** The benchmark is only fair if both tools print the same thing; say so either way. */
    private void checkSameText(Report report, List<String> names, List<byte[]> data) throws Exception {
        String ours = disassembleAll(names, data);
        String theirs = Processes.capture(ProcessRace.command(llvm, withFlag(names)));
        if (ours.equals(theirs)) {
            report.line("Output identical to %s -d: yes (%d bytes of text)", llvm, ours.length());
        } else {
            report.line("Output identical to %s -d: NO (ebld %d bytes, %s %d bytes)", llvm,
                    ours.length(), llvm, theirs.length());
        }
    }

    private static List<String> withFlag(List<String> names) {
        return concat(List.of("-d"), names);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
