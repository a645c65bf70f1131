package dev.ebld.cli;

import dev.ebld.elf.ElfFormatException;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.Section;
import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.InsnFormatException;
import dev.ebld.loader.interp.BareMachine;
import dev.ebld.loader.interp.RunFault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ebld conformance-plugin [MEM] [--elf]}: the plugin protocol of the bpf_conformance suite.
 * The runner starts one process per test and writes the program to stdin as hex bytes, each
 * followed by two spaces; MEM is the test's memory in the same text. Without {@code --elf} the
 * bytes are little-endian instructions run from the first; with it they are a relocatable EM_BPF
 * object whose global function {@code main} starts its executable section. {@code --program HEX}
 * as the first two arguments replaces stdin.
 *
 * <p>The program runs on {@link BareMachine}, with no verifier: r1 points to a writable copy of
 * MEM, r2 is its length. On success only r0 is printed, as unsigned lowercase hex; any failure
 * exits 1 with the reason on stderr. Stateless, so any number may run at once.
 */
@Command(name = "conformance-plugin",
        customSynopsis = "ebld conformance-plugin [--program HEX] [MEM] [--elf]",
        description = "Run one bpf_conformance test program (program hex on stdin) and print r0.")
public final class ConformancePluginCommand implements Callable<Integer> {
    /** Enough for every conformance test; a looping program fails instead of hanging. */
    static final long BUDGET = 10_000_000L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Only {@code --help}: the suite's runner never passes it, and it is no test argument. */
    @CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return run(args, System.in, out, err);
    }

    /** The whole plugin, with its streams given (tests call this in-process). */
    static int run(List<String> rawArgs, InputStream stdin, PrintWriter out, PrintWriter err) {
        try {
            List<String> a = new ArrayList<>();
            for (String s : rawArgs) {
                if (!s.isEmpty()) {
                    a.add(s);
                }
            }
            String programHex = null;
            if (a.size() >= 2 && a.get(0).equals("--program")) {
                programHex = a.get(1);
                a = a.subList(2, a.size());
            }
            boolean elf = !a.isEmpty() && a.get(a.size() - 1).equals("--elf");
            if (elf) {
                a = a.subList(0, a.size() - 1);
            }
            if (a.size() > 1 || a.size() == 1 && a.get(0).startsWith("--")) {
                throw new IllegalArgumentException("usage: conformance-plugin [--program HEX]"
                        + " [MEM] [--elf]; unexpected " + a);
            }
            byte[] memory = a.isEmpty() ? new byte[0] : hex(a.get(0), "memory");
            byte[] program = hex(programHex != null ? programHex : readAll(stdin), "program");
            List<Insn> insns = elf ? fromElf(program) : decode(program, "program");
            long r0 = BareMachine.run(insns, memory, BUDGET);
            out.println(Long.toHexString(r0));
            out.flush();
            return Main.OK;
        } catch (IllegalArgumentException | RunFault | ElfFormatException e) {
            err.println("conformance-plugin: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("reading the program from stdin: " + e.getMessage());
        }
    }

    /** Bytes written as hex pairs separated by white space ({@code "b7  00  "}). */
    static byte[] hex(String text, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String tok : text.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.length() != 2 || Character.digit(tok.charAt(0), 16) < 0
                    || Character.digit(tok.charAt(1), 16) < 0) {
                throw new IllegalArgumentException(what + ": '" + tok + "' at byte " + out.size()
                        + " is not a hex byte");
            }
            out.write(Integer.parseInt(tok, 16));
        }
        return out.toByteArray();
    }

    private static List<Insn> decode(byte[] code, String where) {
        try {
            return InsnCodec.decodeAll(code, ByteOrder.LITTLE_ENDIAN);
        } catch (InsnFormatException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** The instructions of the executable section holding {@code main}, from {@code main} on. */
    private static List<Insn> fromElf(byte[] bytes) throws ElfFormatException {
        ElfObject obj = ElfReader.read(bytes, "<stdin>");
        ElfSymbol main = obj.globalSymbol("main").filter(s -> s.type() == ElfSymbol.STT_FUNC)
                .orElseThrow(() -> new IllegalArgumentException("<stdin>: no global function"
                        + " symbol 'main'"));
        Section text = obj.sectionOf(main).filter(Section::isExecutable)
                .orElseThrow(() -> new IllegalArgumentException("<stdin>: 'main' is not in an"
                        + " executable section"));
        byte[] data = text.data();
        if (main.value() < 0 || main.value() >= data.length || main.value() % 8 != 0) {
            throw new IllegalArgumentException("<stdin>: section " + text.name() + ": 'main' at 0x"
                    + Long.toHexString(main.value()) + " is not an instruction");
        }
        return decode(Arrays.copyOfRange(data, (int) main.value(), data.length),
                "<stdin>: section " + text.name());
    }
}
