package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.elf.internal.AtomicFiles;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfWriter;
import dev.ebld.linker.internal.BtfMerger;
import dev.ebld.linker.internal.Diagnostics;
import dev.ebld.linker.internal.InputReader;
import dev.ebld.linker.internal.InputSet;
import dev.ebld.linker.internal.LinkMapBuilder;
import dev.ebld.linker.internal.ObjectWriter;
import dev.ebld.linker.internal.RelocationApplier;
import dev.ebld.linker.internal.SectionLayout;
import dev.ebld.linker.internal.SymbolResolver;
import dev.ebld.linker.internal.SymbolTableBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The static linker: many relocatable BPF objects and archives in, one relocatable object out,
 * which libbpf, {@code bpftool} and the kernel accept. The CLI ({@code ebld link}) and the Maven
 * plugin both call {@link #link}. The stages and their rules are described in
 * {@code docs/design.md}, section "Static linker".
 */
public final class Linker {
    private Linker() {
    }

    /** The output, in memory, before it is written. */
    public record Linked(ElfObject object, LinkMap map, List<Diagnostic> warnings, LinkStats stats) {
        public Linked {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Links {@code options.inputs()} into {@code options.output()}, atomically, and writes the
     * link map if asked. On any error nothing is written and a stale output is removed.
     *
     * @throws LinkException with every error of the stage that failed
     * @throws IOException   if the output or map cannot be written
     */
    public static LinkResult link(LinkOptions options) throws LinkException, IOException {
        checkPaths(options);
        Linked linked;
        try {
            linked = linkInMemory(options);
        } catch (LinkException e) {
            Files.deleteIfExists(options.output());
            throw e;
        }
        Clock clock = new Clock();
        ElfWriter.write(linked.object(), options.output());
        if (options.mapFile().isPresent()) {
            AtomicFiles.write(options.mapFile().get(), linked.map().format().getBytes(StandardCharsets.UTF_8));
        }
        clock.lap("write");
        List<LinkStats.Stage> stages = new ArrayList<>(linked.stats().stages());
        stages.addAll(clock.stages);
        return new LinkResult(options.output(), linked.warnings(), linked.map(), new LinkStats(stages));
    }

    /**
     * Runs every stage but writes nothing. A bug in a stage surfaces as an {@code internal-error}
     * diagnostic rather than a stack trace, so callers only ever handle {@link LinkException}.
     */
    public static Linked linkInMemory(LinkOptions options) throws LinkException {
        try {
            return runStages(options);
        } catch (RuntimeException e) {
            throw new LinkException(List.of(Diagnostic.error("internal-error", Location.file("ebld"),
                    "linker bug: " + e, "please report it with the inputs that caused it")));
        }
    }

    private static Linked runStages(LinkOptions options) throws LinkException {
        List<Diagnostic> warnings = new ArrayList<>();
        Clock clock = new Clock();
        InputReader.Result read = InputReader.read(options.inputs());
        clock.lap("read");
        check(read.diagnostics(), warnings);
        // Every input is parsed; link order and archive pulls are final.
        InputSet inputs = read.inputs();
        if (inputs.files().isEmpty()) {
            throw new LinkException(List.of(Diagnostic.error("bad-input", Location.file("ebld"), "no input files")));
        }
        SymbolResolver.Result resolved = SymbolResolver.resolve(inputs);
        clock.lap("resolve");
        check(resolved.diagnostics(), warnings);
        // Every global name has a winner or is undefined.
        SectionLayout.Result laidOut = SectionLayout.layOut(inputs, resolved.resolution());
        clock.lap("layout");
        check(laidOut.diagnostics(), warnings);
        // Every kept input byte has an output offset.
        SymbolTableBuilder.Result table = SymbolTableBuilder.build(inputs, resolved.resolution(), laidOut.layout());
        clock.lap("symbols");
        check(table.diagnostics(), warnings);
        // Every surviving symbol has an output index and value.
        RelocationApplier.Result relocated = RelocationApplier.apply(inputs, resolved.resolution(),
                laidOut.layout(), table.symbols(), options.noUndefined());
        clock.lap("relocate");
        check(relocated.diagnostics(), warnings);
        // Instruction bytes are final; relocations point at output symbols.
        BtfMerger.Result btf = BtfMerger.merge(inputs, resolved.resolution(), laidOut.layout(), table.symbols());
        clock.lap("btf");
        check(btf.diagnostics(), warnings);
        // .BTF and .BTF.ext describe the output sections.
        ElfObject out = ObjectWriter.build(inputs.files().get(0).elf().header().byteOrder(), laidOut.layout(),
                relocated.relocated(), table.symbols(), btf.btf(), btf.btfExt());
        LinkMap map = LinkMapBuilder.build(inputs, resolved.resolution(), laidOut.layout(), table.symbols(),
                relocated.relocated());
        clock.lap("assemble");
        return new Linked(out, map, warnings, new LinkStats(clock.stages));
    }

    /** Stage timing: each {@link #lap} records the time since the previous one. */
    private static final class Clock {
        final List<LinkStats.Stage> stages = new ArrayList<>();
        private long last = System.nanoTime();

        void lap(String stage) {
            long now = System.nanoTime();
            stages.add(new LinkStats.Stage(stage, now - last));
            last = now;
        }
    }

    private static void check(Diagnostics d, List<Diagnostic> warnings) throws LinkException {
        warnings.addAll(d.warnings());
        d.throwIfErrors();
    }

    private static void checkPaths(LinkOptions options) throws LinkException, IOException {
        Path out = options.output().toAbsolutePath().normalize();
        List<Diagnostic> errors = new ArrayList<>();
        for (LinkInput in : options.inputs()) {
            Path p = in.path().toAbsolutePath().normalize();
            boolean same = p.equals(out) || Files.exists(p) && Files.exists(out) && Files.isSameFile(p, out);
            if (same) {
                errors.add(Diagnostic.error("bad-input", Location.file(in.path().toString()),
                        "output " + options.output() + " would overwrite this input"));
            }
        }
        if (!errors.isEmpty()) {
            throw new LinkException(errors);
        }
    }
}
