package dev.ebld.cli;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.c.HeaderWriter;
import dev.ebld.btf.dump.RawDump;
import dev.ebld.elf.ElfFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ebld btf}: BTF tools. Only {@code dump} for now.
 *
 * <p>Like link's, the picocli models are built in code: reading annotations costs a cold JVM a
 * generated proxy class per annotation type, ~40 ms of a vmlinux dump (see {@link Main}).
 */
public final class BtfCommand implements Runnable {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("btf");

    private BtfCommand() {
        spec.usageMessage().description("Inspect BTF in BPF objects or raw BTF files.");
        Main.addStandardHelpOptions(spec);
        spec.addSubcommand("dump", new CommandLine(new Dump().spec));
    }

    /** The model of a new btf command, for {@link Main} to register. */
    static CommandSpec spec() {
        return new BtfCommand().spec;
    }

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
    static final class Dump implements Callable<Integer> {
        private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("dump");

        private final OptionSpec format = OptionSpec.builder("--format").type(Format.class)
                .defaultValue("raw").paramLabel("raw|c")
                .description("raw (bpftool's format, the default) or c (a C header).").build();

        private final OptionSpec base = OptionSpec.builder("--base").type(Path.class).paramLabel("FILE")
                .description("Base BTF for split BTF (e.g. /sys/kernel/btf/vmlinux for a module).").build();

        private final PositionalParamSpec file = PositionalParamSpec.builder().index("0").type(Path.class)
                .required(true).paramLabel("FILE").description("BPF ELF object or raw BTF file.").build();

        private Dump() {
            spec.usageMessage().description(
                    "Dump the .BTF of an object (or a raw BTF file such as /sys/kernel/btf/vmlinux).");
            spec.addOption(format).addOption(base).addPositional(file);
            Main.addStandardHelpOptions(spec);
        }

        @Override
        public Integer call() throws IOException, ElfFormatException, BadInputException {
            Path base = this.base.getValue();
            Path file = this.file.getValue();
            Format format = this.format.getValue();
            Btf baseBtf = base == null ? null : read(base, null);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.raw && out instanceof StdoutWriter) {
                // Names go out exactly as the string section holds them, as bpftool prints them,
                // straight from the file's bytes (no model to build).
                OutputStream bytes = ((StdoutWriter) out).bytes();
                try {
                    RawDump.write(file, baseBtf, bytes);
                } catch (BtfFormatException e) {
                    throw badInput(file, e);
                }
                bytes.flush();
            } else {
                Btf btf = read(file, baseBtf);
                out.print(format == Format.c ? HeaderWriter.write(btf) : RawDump.text(btf));
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
            return new BadInputException((e.file() != null ? e : e.inFile(path.toString())).getMessage());
        }
    }
}
