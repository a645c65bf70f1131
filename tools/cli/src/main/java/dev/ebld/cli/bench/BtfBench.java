package dev.ebld.cli.bench;

import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.dump.RawDump;
import dev.ebld.elf.ElfReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * BTF parse + raw dump ({@code btf dump}) of ebld against {@code bpftool btf dump file}. bpftool
 * takes one file per process, so its total over many objects is the sum of per-file runs. The
 * kernel's own BTF ({@code /sys/kernel/btf/vmlinux}, megabytes) is measured separately when
 * readable, since it is the large input BTF tools meet in practice.
 */
@Command(name = "btf", mixinStandardHelpOptions = true,
        description = "ebld btf dump against bpftool btf dump file (default inputs: fixtures/obj/*-el.o).")
final class BtfBench implements Callable<Integer> {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    BenchOptions common;

    @Option(names = "--bpftool", defaultValue = "bpftool", paramLabel = "PROGRAM",
            description = "The reference tool (default ${DEFAULT-VALUE}).")
    String bpftool;

    @Option(names = "--no-vmlinux", description = "Skip the kernel BTF (/sys/kernel/btf/vmlinux) part.")
    boolean noVmlinux;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Little-endian BPF objects with .BTF.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec.commandLine().getOut());
        List<Path> inputs = withBtf(BenchInputs.orFixtures(files, "-el.o"));
        List<byte[]> data = BenchInputs.readAll(inputs);
        long bytes = BenchInputs.totalLength(data);
        boolean haveBpftool = Processes.available(bpftool);
        report.heading(String.format("btf dump: %d objects, %d bytes; Java %s", inputs.size(), bytes,
                System.getProperty("java.version")));
        Timed.InProcess ebld = new Timed.InProcess(() -> dumpAll(inputs), common.warmupSeconds);
        Race race = new Race().add("ebld", ebld);
        if (haveBpftool) {
            report.line("Output identical to bpftool: %d of %d objects", sameText(inputs), inputs.size());
            List<List<String>> perFile = new ArrayList<>();
            for (Path p : inputs) {
                perFile.add(List.of(bpftool, "btf", "dump", "file", p.toString()));
            }
            race.add("bpftool", Timed.commands(perFile));
        }
        Map<String, Samples> r = race.run(common.runs);
        report.heading("In-process ebld (one pass = read ELF + BTF, print the raw dump of every object)"
                + " vs bpftool (one process per object, as it takes one file):");
        report.row("ebld in-process, JIT warm", r.get("ebld"), inputs.size(), bytes);
        if (haveBpftool) {
            report.row("bpftool btf dump file", r.get("bpftool"), inputs.size(), bytes);
            report.ratio("throughput", r.get("ebld"), r.get("bpftool"), "bpftool");
        }
        if (!noVmlinux && Files.isReadable(VMLINUX)) {
            vmlinux(report, haveBpftool);
        }
        report.line("  (sink %d)", ebld.sink());
        report.flush();
        return 0;
    }

    private void vmlinux(Report report, boolean haveBpftool) throws Exception {
        byte[] raw = Files.readAllBytes(VMLINUX);
        Timed.InProcess ebld = new Timed.InProcess(() -> rawDumpLength(VMLINUX),
                common.warmupSeconds);
        Race race = new Race().add("ebld", ebld);
        Path launcher = common.launcherOrNull();
        if (haveBpftool) {
            race.add("bpftool", Timed.command(List.of(bpftool, "btf", "dump", "file", VMLINUX.toString())));
        }
        if (launcher != null) {
            race.add("ebld-process", Timed.command(List.of(launcher.toString(), "btf", "dump", VMLINUX.toString())));
        }
        Map<String, Samples> r = race.run(common.runs);
        report.heading("Kernel BTF " + VMLINUX + " (" + raw.length + " bytes):");
        report.row("ebld in-process, JIT warm", r.get("ebld"), 1, raw.length);
        if (haveBpftool) {
            report.row("bpftool btf dump file (whole process)", r.get("bpftool"), 1, raw.length);
            report.ratio("in-process vs bpftool process", r.get("ebld"), r.get("bpftool"), "bpftool");
        }
        if (launcher != null) {
            report.row("ebld btf dump (whole process)", r.get("ebld-process"), 1, raw.length);
            if (haveBpftool) {
                report.ratio("whole process", r.get("ebld-process"), r.get("bpftool"), "bpftool");
            }
        }
        report.line("  (sink %d)", ebld.sink());
    }

    private static long dumpAll(List<Path> inputs) throws Exception {
        long n = 0;
        for (Path p : inputs) {
            n += rawDumpLength(p);
        }
        return n;
    }

    /** The raw dump as {@code ebld btf dump FILE} produces it (read, check, print bytes), counted. */
    private static long rawDumpLength(Path file) throws Exception {
        long[] n = {0};
        RawDump.write(file, null, new OutputStream() {
            @Override
            public void write(int b) {
                n[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n[0] += len;
            }
        });
        return n[0];
    }

    private int sameText(List<Path> inputs) throws Exception {
        int same = 0;
        for (Path p : inputs) {
            String ours = RawDump.text(BtfFiles.read(p));
            String theirs = Processes.capture(List.of(bpftool, "btf", "dump", "file", p.toString()));
            same += ours.equals(theirs) ? 1 : 0;
        }
        return same;
    }

    /** Only objects that have a .BTF section; the rest cannot be dumped by either tool. */
    private static List<Path> withBtf(List<Path> candidates) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path p : candidates) {
            if (ElfReader.read(p).section(BtfFiles.BTF_SECTION).isPresent()) {
                out.add(p);
            }
        }
        return out;
    }
}
