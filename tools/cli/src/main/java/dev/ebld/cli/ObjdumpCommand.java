package dev.ebld.cli;

import dev.ebld.inspect.objdump.ObjdumpOptions;
import dev.ebld.inspect.objdump.ObjdumpPrinter;
import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ebld objdump}: the same text as {@code llvm-objdump-19} with the same flags. {@code -h}
 * means section headers here, as in objdump, so help is {@code --help} only. Like llvm-objdump, a
 * bad file is reported and the remaining files are still listed; the exit code is then 1.
 */
@Command(name = "objdump",
        description = "Disassemble and list BPF objects; output matches llvm-objdump-19.")
public final class ObjdumpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-d", "--disassemble"}, description = "Disassemble executable sections.")
    boolean disassemble;

    @Option(names = {"-r", "--reloc"},
            description = "Relocations: inline under instructions with -d, else as tables.")
    boolean relocations;

    @Option(names = {"-h", "--section-headers", "--headers"}, description = "Section headers.")
    boolean sectionHeaders;

    @Option(names = {"-t", "--syms"}, description = "Symbol table.")
    boolean symbols;

    @Option(names = "--no-show-raw-insn", description = "Omit instruction bytes with -d.")
    boolean noRawInsn;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "BPF ELF objects.")
    List<Path> files;

    @Override
    public Integer call() {
        if (!disassemble && !relocations && !sectionHeaders && !symbols) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no action given: use at least one of -d, -r, -h, -t");
        }
        ObjdumpOptions opts = new ObjdumpOptions(disassemble, relocations, sectionHeaders, symbols,
                !noRawInsn);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = Main.OK;
        for (Path file : files) {
            try {
                out.print(ObjdumpPrinter.print(ElfReader.read(file), opts));
                out.flush();
            } catch (IOException | ElfFormatException e) {
                out.flush();
                for (String line : Failures.describe(e)) {
                    err.println(line);
                }
                code = Main.BAD_INPUT;
            }
        }
        return code;
    }
}
