package dev.ebld.inspect.objdump;

import dev.ebld.testkit.RequiresTool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks the real llvm-objdump-19 about random slots (every opcode byte, biased register, offset
 * and imm values) and compares, line by line, with {@link Disassembler}. This is what pins down
 * LLVM's decoder looseness (ignored fields, r11, one-byte steps). Skipped, saying so, when
 * llvm-mc-19 or llvm-objdump-19 is not installed.
 */
class LlvmOracleTest {
    private static final int SLOTS = 6000;
    private static final int[] INTERESTING_IMMS = {
        0, 1, 16, 32, 64, 8, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1, 0xe0, 0xf0, 2, 0x101, -1};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bpfel", "bpfeb"})
    @RequiresTool("llvm-mc-19")
    @RequiresTool("llvm-objdump-19")
    void randomSlotsMatchLlvmObjdump(String triple) throws Exception {
        ByteOrder order = triple.equals("bpfel") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] code = randomCode(new Random(20261128L + triple.hashCode()), order);
        Path asm = dir.resolve("r.s");
        StringBuilder s = new StringBuilder("\t.text\n\t.globl r\n\t.type r,@function\nr:\n");
        for (byte b : code) {
            s.append("\t.byte 0x").append(Integer.toHexString(b & 0xff)).append('\n');
        }
        Files.writeString(asm, s);
        Path obj = dir.resolve("r.o");
        run("llvm-mc-19", "-triple", triple, "-filetype=obj", asm.toString(), "-o", obj.toString());
        String llvm = run("llvm-objdump-19", "-d", obj.toString());
        String expected = llvm.substring(llvm.indexOf("<r>:\n") + 5);
        assertThat(mine(code, order)).isEqualTo(expected);
    }

    private static byte[] randomCode(Random r, ByteOrder order) {
        byte[] code = new byte[SLOTS * 8];
        for (int i = 0; i < SLOTS; i++) {
            int regs = r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(11) | r.nextInt(11) << 4;
            int off = r.nextInt(3) == 0 ? r.nextInt(65536) : r.nextInt(3) == 0
                    ? new int[] {0, 1, 8, 16, 32, 2, 4}[r.nextInt(7)] : r.nextInt(8);
            int k = r.nextInt(5);
            int imm = k == 0 ? r.nextInt() : k == 1
                    ? INTERESTING_IMMS[r.nextInt(INTERESTING_IMMS.length)] : r.nextInt(16) - 4;
            // A slot of eight zero bytes would be elided as "..." by llvm-objdump.
            int opcode = r.nextInt(255) + 1;
            dev.ebld.insn.Slot.of(opcode, 0, 0, off, imm).write(code, i * 8, order);
            code[i * 8 + 1] = (byte) regs;
        }
        return code;
    }

    private static String mine(byte[] code, ByteOrder order) {
        StringBuilder out = new StringBuilder();
        for (int pos = 0; pos < code.length; ) {
            Disassembler.Decoded d = Disassembler.decode(code, pos, code.length, order, pos);
            out.append(String.format("%8d:\t", pos / 8)).append(Hex.bytes(code, pos, pos + d.size()))
                    .append(d.printed());
            if (d.hasTarget()) {
                long t = d.target();
                out.append(t == 0 ? " <r>" : " <r+0x" + Long.toHexString(t) + ">");
            }
            out.append('\n');
            pos += d.size();
        }
        return out.toString();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
