package dev.ebld.cli;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfDumper;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.elf.ElfFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ebld btf}: BTF tools. Only {@code dump} for now. */
@Command(name = "btf", mixinStandardHelpOptions = true,
        description = "Inspect BTF in BPF objects or raw BTF files.",
        subcommands = BtfCommand.Dump.class)
public final class BtfCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** Output formats of {@code btf dump}. */
    enum Format { raw, c }

    /**
     * {@code ebld btf dump FILE}: the raw format is byte-for-byte bpftool 7.1's
     * {@code btf dump file FILE}; {@code c} prints a compilable C header.
     */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Dump the .BTF of an object (or a raw BTF file such as /sys/kernel/btf/vmlinux).")
    static final class Dump implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", defaultValue = "raw", paramLabel = "raw|c",
                description = "raw (bpftool's format, the default) or c (a C header).")
        Format format;

        @Option(names = "--base", paramLabel = "FILE",
                description = "Base BTF for split BTF (e.g. /sys/kernel/btf/vmlinux for a module).")
        Path base;

        @Parameters(index = "0", paramLabel = "FILE", description = "BPF ELF object or raw BTF file.")
        Path file;

        @Override
        public Integer call() throws IOException, ElfFormatException, BadInputException {
            Btf baseBtf = base == null ? null : read(base, null);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.raw && out instanceof StdoutWriter) {
                // Names go out exactly as the string section holds them, as bpftool prints them,
                // straight from the file's bytes (no model to build).
                OutputStream bytes = ((StdoutWriter) out).bytes();
                try {
                    BtfDumper.raw(file, baseBtf, bytes);
                } catch (BtfFormatException e) {
                    throw badInput(file, e);
                }
                bytes.flush();
            } else {
                Btf btf = read(file, baseBtf);
                out.print(format == Format.c ? BtfDumper.c(btf) : BtfDumper.raw(btf));
                out.flush();
            }
            return Main.OK;
        }

        private static Btf read(Path path, Btf baseBtf)
                throws IOException, ElfFormatException, BadInputException {
            try {
                return BtfFiles.read(path, baseBtf);
            } catch (BtfFormatException e) {
                throw badInput(path, e);
            }
        }

        /** BTF offsets are relative to the .BTF section (or raw file): name the file too. */
        private static BadInputException badInput(Path path, BtfFormatException e) {
            String msg = e.getMessage();
            return new BadInputException(msg.startsWith(path.toString()) ? msg : path + ": " + msg);
        }
    }
}
