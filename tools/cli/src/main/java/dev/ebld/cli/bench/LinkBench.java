package dev.ebld.cli.bench;

import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The static linker against libbpf's ({@code bpftool gen object}) on generated inputs of growing
 * size: N objects with M global functions and M global variables each. libbpf's linker looks
 * symbols up linearly, so its time grows with the square of the global count; the table prints
 * time per global symbol so linear scaling shows as a flat column.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "ebld link against bpftool gen object on generated N x M inputs.")
final class LinkBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--sizes", split = ",", defaultValue = "2x10,10x400,20x400,40x200,40x400,1x4000",
            paramLabel = "NxM", description = "Objects x globals per object (default ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--bpftool", defaultValue = "bpftool", paramLabel = "PROGRAM",
            description = "The reference linker, run as `PROGRAM gen object` (default ${DEFAULT-VALUE}).")
    String bpftool;

    @Option(names = "--clang", defaultValue = "clang-19", paramLabel = "PROGRAM",
            description = "Compiler for the generated inputs (default ${DEFAULT-VALUE}).")
    String clang;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where generated inputs are kept (default: ebld-bench-link in the temp dir).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec.commandLine().getOut());
        if (!Processes.available(clang)) {
            report.line("%s not found: cannot generate inputs", clang);
            report.flush();
            return 1;
        }
        Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "ebld-bench-link");
        boolean haveBpftool = Processes.available(bpftool);
        Path launcher = common.launcherOrNull();
        report.heading(String.format("link: Java %s; %d timed rounds per size; times are medians",
                System.getProperty("java.version"), common.runs));
        for (String size : sizes) {
            LinkScenario s = LinkScenario.parse(size);
            measure(report, s, s.build(work, clang), work, haveBpftool, launcher);
            report.flush();
        }
        return 0;
    }

    private void measure(Report report, LinkScenario s, List<Path> inputs, Path work, boolean haveBpftool,
                         Path launcher) throws Exception {
        Path out = Files.createTempFile(work, "out-" + s.label(), ".o");
        List<LinkInput> in = new ArrayList<>();
        inputs.forEach(p -> in.add(LinkInput.of(p)));
        Timed.InProcess ebld = new Timed.InProcess(
                () -> Linker.link(in, LinkOptions.defaults()).object().sections().size(),
                common.warmupSeconds);
        Race race = new Race().add("ebld", ebld);
        List<String> files = BenchInputs.names(inputs);
        if (launcher != null) {
            List<String> c = new ArrayList<>(List.of(launcher.toString(), "link", "-o", out.toString()));
            c.addAll(files);
            race.add("ebld-process", Timed.command(c));
        }
        if (haveBpftool) {
            List<String> c = new ArrayList<>(List.of(bpftool, "gen", "object", out + ".bpftool.o"));
            c.addAll(files);
            race.add("bpftool", Timed.command(c));
        }
        Map<String, Samples> r = race.run(common.runs);
        report.heading(String.format("%s: %d objects x %d functions + %d variables, %d global symbols",
                s.label(), s.objects(), s.globals(), s.globals(), s.symbolCount()));
        row(report, "ebld in-process, JIT warm", r.get("ebld"), s);
        if (launcher != null) {
            row(report, "ebld link (whole process)", r.get("ebld-process"), s);
        }
        if (haveBpftool) {
            row(report, "bpftool gen object (whole process)", r.get("bpftool"), s);
            if (launcher != null) {
                report.ratio("whole process", r.get("ebld-process"), r.get("bpftool"), "bpftool");
            }
            report.ratio("in-process vs bpftool process", r.get("ebld"), r.get("bpftool"), "bpftool");
        }
        Files.deleteIfExists(out);
        Files.deleteIfExists(Path.of(out + ".bpftool.o"));
    }

    private static void row(Report report, String label, Samples s, LinkScenario sc) {
        report.line("  %-40s %s  %7.2f us/global", label, s.describe(),
                s.medianMillis() * 1000 / sc.symbolCount());
    }
}
