package dev.ebld.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.SectionType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bpf_conformance plugin protocol: program hex on stdin (each byte and two spaces), optional
 * memory argument, {@code --elf} last, {@code --program HEX} first; r0 in lowercase hex on stdout.
 * Cases are written the way the suite's data files write them, one per instruction class.
 */
class ConformancePluginCommandTest {

    /** (name, memory, program as "opcode regs off imm" slots, expected stdout). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("alu64 mov and add", "", "b7 00 00 00 01 00 00 00;07 00 00 00 02 00 00 00", "3"),
                Arguments.of("alu32 wraps and zero-extends", "", "b4 00 00 00 ff ff ff ff;04 00 00 00 02 00 00 00", "1"),
                Arguments.of("alu64 r0 is printed unsigned", "", "b7 00 00 00 ff ff ff ff", "ffffffffffffffff"),
                Arguments.of("lddw", "", "18 00 00 00 88 77 66 55;00 00 00 00 44 33 22 11", "1122334455667788"),
                Arguments.of("ldx from memory", "aa bb cc dd  ", "61 10 00 00 00 00 00 00", "ddccbbaa"),
                Arguments.of("stx then ldx", "00 00 00 00 00 00 00 00", "b7 02 00 00 05 00 00 00;7b 21 00 00 00 00 00 00;79 10 00 00 00 00 00 00", "5"),
                Arguments.of("st imm into stack", "", "62 0a f8 ff 2a 00 00 00;61 a0 f8 ff 00 00 00 00", "2a"),
                Arguments.of("r2 is the memory length", "01 02 03", "bf 20 00 00 00 00 00 00", "3"),
                Arguments.of("jmp taken", "", "b7 00 00 00 00 00 00 00;b7 01 00 00 05 00 00 00;15 01 01 00 05 00 00 00;b7 00 00 00 01 00 00 00", "0"),
                Arguments.of("jmp32 compares low half", "", "18 01 00 00 05 00 00 00;00 00 00 00 01 00 00 00;b7 00 00 00 00 00 00 00;16 01 01 00 05 00 00 00;b7 00 00 00 01 00 00 00", "0"),
                Arguments.of("atomic fetch add", "0a 00 00 00 00 00 00 00", "b7 02 00 00 01 00 00 00;db 21 00 00 01 00 00 00;bf 20 00 00 00 00 00 00", "a"),
                Arguments.of("div by zero", "", "b7 00 00 00 07 00 00 00;b7 01 00 00 00 00 00 00;3f 10 00 00 00 00 00 00", "0"),
                Arguments.of("local call", "", "b7 06 00 00 03 00 00 00;85 10 00 00 02 00 00 00;0f 60 00 00 00 00 00 00;95 00 00 00 00 00 00 00;b7 00 00 00 04 00 00 00;95 00 00 00 00 00 00 00", "7"),
                Arguments.of("helper 5 returns", "", "85 00 00 00 05 00 00 00;b7 00 00 00 01 00 00 00", "1"),
                Arguments.of("callx helper by register", "", "b7 08 00 00 05 00 00 00;8d 08 00 00 00 00 00 00;b7 00 00 00 02 00 00 00", "2"));
    }

    /** The suite's text form: every byte followed by two spaces. */
    static String hexText(String slots) {
        StringBuilder sb = new StringBuilder();
        for (String slot : slots.split(";")) {
            for (String b : slot.trim().split(" ")) {
                sb.append(b).append("  ");
            }
        }
        return sb.toString();
    }

    private static String withExit(String slots) {
        return slots + ";95 00 00 00 00 00 00 00";
    }

    private record Result(int code, String out, String err) {
    }

    private static Result inProcess(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ConformancePluginCommand.run(List.of(args),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runsInProcess(String name, String mem, String prog, String expected) {
        Result r = inProcess(hexText(withExit(prog)), mem);
        assertEquals(0, r.code, r.err);
        assertEquals(expected + System.lineSeparator(), r.out, name);
    }

    @Test
    void programArgumentReplacesStdin() {
        Result r = inProcess("", "--program", hexText(withExit("b7 00 00 00 09 00 00 00")), "", "");
        assertEquals(0, r.code, r.err);
        assertEquals("9", r.out.trim());
    }

    @Test
    void memoryViolationAndBudgetFailWithReason() {
        Result oob = inProcess(hexText(withExit("79 10 08 00 00 00 00 00")), "01 02");
        assertEquals(1, oob.code);
        assertTrue(oob.err.contains("insn 0") && oob.err.contains("memory"), oob.err);
        assertEquals("", oob.out);
        Result loop = inProcess(hexText("05 00 ff ff 00 00 00 00"));
        assertEquals(1, loop.code);
        assertTrue(loop.err.contains("budget"), loop.err);
        Result bad = inProcess("b7  0g  ");
        assertEquals(1, bad.code);
        assertTrue(bad.err.contains("'0g'"), bad.err);
    }

    @Test
    void elfObjectRunsFromMain() {
        Result r = inProcess(elfHex(), "--elf");
        assertEquals(0, r.code, r.err);
        assertEquals("2a", r.out.trim());
    }

    /** A relocatable EM_BPF object: .text with a helper subprogram first, then main. */
    static String elfHex() {
        byte[] code = ConformancePluginCommand.hex(hexText(
                "b7 00 00 00 01 00 00 00;95 00 00 00 00 00 00 00;"
                        + "b7 00 00 00 2a 00 00 00;95 00 00 00 00 00 00 00"), "t");
        ElfBuilder b = new ElfBuilder(ByteOrder.LITTLE_ENDIAN);
        int text = b.addSection(".text", SectionType.SHT_PROGBITS,
                SectionType.SHF_ALLOC | SectionType.SHF_EXECINSTR, 8, code);
        b.addSymbol("main", ElfSymbol.STB_GLOBAL, ElfSymbol.STT_FUNC, ElfSymbol.STV_DEFAULT, text,
                16, 16);
        StringBuilder sb = new StringBuilder();
        for (byte x : ElfWriter.write(b.build())) {
            sb.append(String.format("%02x  ", x & 0xff));
        }
        return sb.toString();
    }

    /** The suite's own layout: no .strtab, symbol names in .shstrtab (the symtab's sh_link). */
    @Test
    void elfWithSymbolNamesInShstrtab() {
        byte[] code = ConformancePluginCommand.hex(hexText(
                "b7 00 00 00 01 00 00 00;95 00 00 00 00 00 00 00;"
                        + "b7 00 00 00 07 00 00 00;95 00 00 00 00 00 00 00"), "t");
        StringBuilder sb = new StringBuilder();
        for (byte x : shstrtabElf(code, 16)) {
            sb.append(String.format("%02x  ", x & 0xff));
        }
        Result r = inProcess(sb.toString(), "--elf");
        assertEquals(0, r.code, r.err);
        assertEquals("7", r.out.trim());
    }

    /** ELF64 LE REL EM_BPF: null, .text, .symtab (sh_link 3), .shstrtab with "main". */
    static byte[] shstrtabElf(byte[] code, int mainOffset) {
        byte[] names = "\0.text\0.symtab\0.shstrtab\0main\0".getBytes(StandardCharsets.US_ASCII);
        int text = 64;
        int symtab = text + code.length;
        int strs = symtab + 48;
        int shoff = (strs + names.length + 7) & ~7;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(shoff + 4 * 64)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 1).putShort((short) 247).putInt(1).putLong(0).putLong(0).putLong(shoff)
                .putInt(0).putShort((short) 64).putShort((short) 0).putShort((short) 0)
                .putShort((short) 64).putShort((short) 4).putShort((short) 3);
        b.position(text);
        b.put(code);
        b.position(symtab + 24); // symbol 0 is all zeros
        b.putInt(25).put((byte) 0x12).put((byte) 0).putShort((short) 1).putLong(mainOffset)
                .putLong(code.length - mainOffset);
        b.position(strs);
        b.put(names);
        b.position(shoff + 64);
        section(b, 1, 1, 6, text, code.length, 0, 0, 8, 0);
        section(b, 7, 2, 0, symtab, 48, 3, 1, 8, 24);
        section(b, 15, 3, 0, strs, names.length, 0, 0, 1, 0);
        return b.array();
    }

    private static void section(java.nio.ByteBuffer b, int name, int type, long flags, long off,
            long size, int link, int info, long align, long entsize) {
        b.putInt(name).putInt(type).putLong(flags).putLong(0).putLong(off).putLong(size)
                .putInt(link).putInt(info).putLong(align).putLong(entsize);
    }

    /**
     * Drives the plugin as the suite's runner does: one process per case, the program on stdin,
     * then end of input; checks stdout and the exit status.
     */
    @Test
    void runsAsOneProcessPerCase() throws IOException, InterruptedException {
        List<Arguments> all = new ArrayList<>(cases().toList());
        all.add(Arguments.of("elf", "", null, "2a"));
        for (Arguments a : all) {
            Object[] v = a.get();
            String stdin = v[2] == null ? elfHex() : hexText(withExit((String) v[2]));
            List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(),
                    "conformance-plugin"));
            if (!((String) v[1]).isEmpty()) {
                cmd.add((String) v[1]);
            }
            if (v[2] == null) {
                cmd.add("--elf");
            }
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "plugin hung on " + v[0]);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), v[0] + ": " + err);
            assertEquals(v[3], out.trim(), (String) v[0]);
        }
        Process bad = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "conformance-plugin").start();
        bad.getOutputStream().write(hexText("05 00 ff ff 00 00 00 00").getBytes(StandardCharsets.US_ASCII));
        bad.getOutputStream().close();
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, bad.exitValue());
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
