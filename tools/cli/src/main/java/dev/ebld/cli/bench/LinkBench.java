package dev.ebld.cli.bench;

import dev.ebld.btf.BtfFiles;
import dev.ebld.elf.ElfObject;
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
 * time per global symbol so linear scaling shows as a flat column. {@code --btf-heavy N} times
 * a different shape instead: N CO-RE objects with ~1,200 kernel BTF types each
 * ({@link CoreScenario}), where the link is mostly BTF appending and dedup.
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

    @Option(names = "--btf-heavy", defaultValue = "0", paramLabel = "N",
            description = "Instead of --sizes, link N BTF-heavy CO-RE objects built against this kernel's types.")
    int btfHeavy;

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
        if (btfHeavy > 0) {
            CoreScenario s = new CoreScenario(btfHeavy);
            List<Path> inputs = s.build(work, clang, bpftool);
            Map<String, Samples> r = measure(s.label(), inputs, work, haveBpftool, launcher);
            report.heading(String.format("%s: %d CO-RE objects, %s", s.label(), s.objects(), btfTypes(inputs)));
            rows(report, r, inputs.size(), "object");
            report.flush();
            return 0;
        }
        for (String size : sizes) {
            LinkScenario s = LinkScenario.parse(size);
            Map<String, Samples> r = measure(s.label(), s.build(work, clang), work, haveBpftool, launcher);
            report.heading(String.format("%s: %d objects x %d functions + %d variables, %d global symbols",
                    s.label(), s.objects(), s.globals(), s.globals(), s.symbolCount()));
            rows(report, r, s.symbolCount(), "global");
            report.flush();
        }
        return 0;
    }

    /** Medians of ebld in-process and, where available, ebld's and bpftool's whole processes. */
    private Map<String, Samples> measure(String label, List<Path> inputs, Path work, boolean haveBpftool,
                                         Path launcher) throws Exception {
        Path out = Files.createTempFile(work, "out-" + label, ".o");
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
        Files.deleteIfExists(out);
        Files.deleteIfExists(Path.of(out + ".bpftool.o"));
        return r;
    }

    private static void rows(Report report, Map<String, Samples> r, int units, String unit) {
        row(report, "ebld in-process, JIT warm", r.get("ebld"), units, unit);
        if (r.containsKey("ebld-process")) {
            row(report, "ebld link (whole process)", r.get("ebld-process"), units, unit);
        }
        if (r.containsKey("bpftool")) {
            row(report, "bpftool gen object (whole process)", r.get("bpftool"), units, unit);
            if (r.containsKey("ebld-process")) {
                report.ratio("whole process", r.get("ebld-process"), r.get("bpftool"), "bpftool");
            }
            report.ratio("in-process vs bpftool process", r.get("ebld"), r.get("bpftool"), "bpftool");
        }
    }

    /** "N BTF types in all, deduplicated to M", from ebld's own reader and linker. */
    private static String btfTypes(List<Path> inputs) throws Exception {
        int total = 0;
        List<LinkInput> in = new ArrayList<>();
        for (Path p : inputs) {
            total += BtfFiles.read(p).typeCount() - 1;
            in.add(LinkInput.of(p));
        }
        ElfObject linked = Linker.link(in, LinkOptions.defaults()).object();
        return String.format("%,d BTF types in all, linked and deduplicated to %,d", total,
                BtfFiles.fromElf(linked, null).typeCount() - 1);
    }

    private static void row(Report report, String label, Samples s, int units, String unit) {
        report.line("  %-40s %s  %7.2f us/%s", label, s.describe(), s.medianMillis() * 1000 / units, unit);
    }
}
