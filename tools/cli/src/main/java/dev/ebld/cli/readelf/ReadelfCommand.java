package dev.ebld.cli.readelf;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.inspect.readelf.ReadelfPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ebld readelf}: sections, relocations and symbols, laid out like {@code llvm-readelf-19}
 * with the same flags, so the two can be diffed. Without a flag all three are printed. With
 * several files each is introduced by a {@code File: name} line, as llvm-readelf does.
 */
@Command(name = "readelf", aliases = "sections", mixinStandardHelpOptions = true,
        description = "List sections, relocations (with BPF type names) and symbols, like llvm-readelf.")
public final class ReadelfCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-S", "--section-headers", "--sections"}, description = "Section headers.")
    boolean sections;

    @Option(names = {"-r", "--relocations", "--relocs"}, description = "Relocations.")
    boolean relocations;

    @Option(names = {"-s", "--symbols", "--syms"}, description = "Symbol table.")
    boolean symbols;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "BPF ELF objects.")
    List<Path> files;

    @Override
    public Integer call() throws IOException, ElfFormatException {
        PrintWriter out = spec.commandLine().getOut();
        boolean all = !sections && !relocations && !symbols;
        for (Path file : files) {
            ElfObject obj = ElfReader.read(file);
            if (files.size() > 1) {
                out.println();
                out.println("File: " + file);
            }
            ReadelfPrinter.print(obj, out, all || sections, all || relocations, all || symbols);
        }
        return 0;
    }
}
