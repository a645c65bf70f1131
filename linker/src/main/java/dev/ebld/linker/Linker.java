package dev.ebld.linker;

import dev.ebld.diag.Diagnostic;
import dev.ebld.diag.Location;
import dev.ebld.elf.internal.AtomicFiles;
import dev.ebld.elf.ElfObject;
import dev.ebld.linker.internal.BtfMerger;
import dev.ebld.linker.internal.Diagnostics;
import dev.ebld.linker.internal.InputReader;
import dev.ebld.linker.internal.InputSet;
import dev.ebld.linker.internal.ObjectWriter;
import dev.ebld.linker.internal.RelocationApplier;
import dev.ebld.linker.internal.SectionLayout;
import dev.ebld.linker.internal.SymbolResolver;
import dev.ebld.linker.internal.SymbolTableBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The static linker: many relocatable BPF objects and archives in, one relocatable object out,
 * which libbpf, {@code bpftool} and the kernel accept. {@link #link} works in memory; the CLI
 * ({@code ebld link}) and the Maven plugin then {@link Linked#write} the result. The stages and
 * their rules are described in {@code docs/design.md}, section "Static linker".
 */
public final class Linker {
    private Linker() {
    }

    /**
     * Links {@code inputs} (in link-line order, which decides among weak definitions) in memory.
     * Inputs are only read.
     *
     * @throws LinkException        with every error of the stage that failed (bad input)
     * @throws InternalLinkerError  if a stage failed unexpectedly (a bug), with that failure as cause
     */
    public static Linked link(List<LinkInput> inputs, LinkOptions options) throws LinkException {
        try {
            return runStages(List.copyOf(inputs), options);
        } catch (RuntimeException e) {
            throw new InternalLinkerError(e);
        }
    }

    private static Linked runStages(List<LinkInput> linkLine, LinkOptions options) throws LinkException {
        List<Diagnostic> warnings = new ArrayList<>();
        Clock clock = new Clock();
        InputReader.Result read = InputReader.read(linkLine);
        clock.lap("read");
        check(read.diagnostics(), warnings);
        // Every input is parsed; link order and archive pulls are final.
        InputSet inputs = read.inputs();
        if (inputs.files().isEmpty()) {
            throw new LinkException(List.of(Diagnostic.error(LinkDiagnosticKind.NO_INPUTS,
                    Location.file("ebld"), "no input files")));
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
        return new Linked(linkLine, out, map, warnings, new LinkStats(clock.stages));
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
}
