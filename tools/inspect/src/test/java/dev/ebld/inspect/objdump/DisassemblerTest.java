package dev.ebld.inspect.objdump;

import dev.ebld.insn.Alu;
import dev.ebld.insn.AluOp;
import dev.ebld.insn.Atomic;
import dev.ebld.insn.AtomicOp;
import dev.ebld.insn.Endian;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.JumpOp;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Load;
import dev.ebld.insn.MemSize;
import dev.ebld.insn.Reg;
import dev.ebld.insn.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Instruction text against llvm-objdump-19's, one instruction at a time, in both byte orders. */
class DisassemblerTest {

    static List<Arguments> llvmTable() {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = DisassemblerTest.class.getResourceAsStream("llvm-objdump-19-insns.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                out.add(Arguments.of(line.substring(0, bar), line.substring(bar + 3)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("llvmTable")
    void printsWhatLlvmPrints(String hex, String expected) {
        byte[] le = parseHex(hex);
        assertThat(decodeAll(le, ByteOrder.LITTLE_ENDIAN)).isEqualTo(expected);
        assertThat(decodeAll(toBigEndian(le), ByteOrder.BIG_ENDIAN)).isEqualTo(expected);
    }

    static Stream<Arguments> factories() {
        return Stream.of(
                Arguments.of(Alu.add64(Reg.R1, 22), "r1 += 0x16"),
                Arguments.of(Alu.of32(AluOp.SDIV, Reg.R2, Reg.R3), "w2 s/= w3"),
                Arguments.of(Alu.of64(AluOp.MOVSX16, Reg.R1, Reg.R2), "r1 = (s16)r2"),
                Arguments.of(Alu.neg64(Reg.R4), "r4 = -r4"),
                Arguments.of(Endian.bswap(16, Reg.R0), "r0 = bswap16 r0"),
                Arguments.of(Load.of(MemSize.W, Reg.R1, Reg.R1, 4), "r1 = *(u32 *)(r1 + 0x4)"),
                Arguments.of(Jump.Cond.imm(JumpOp.JGT, Reg.R1, 5, 3), "if r1 > 0x5 goto +0x3"),
                Arguments.of(Jump.Call.helper(1), "call 0x1"),
                Arguments.of(LdImm64.of(Reg.R1, 0), "r1 = 0x0 ll"),
                Arguments.of(Atomic.of(MemSize.DW, AtomicOp.ADD, false, Reg.R1, 0, Reg.R2),
                        "lock *(u64 *)(r1 + 0x0) += r2"),
                Arguments.of(new Jump.GotoLong(-2), "gotol -0x2"),
                Arguments.of(new Jump.MayGoto((short) 7), "may_goto +0x7"),
                Arguments.of(new Jump.CallX(Reg.R5), "callx r5"),
                Arguments.of(new Jump.Exit(), "exit"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("factories")
    void textOfCodecInstructions(Insn insn, String expected) {
        assertThat(Disassembler.text(insn)).isEqualTo(expected);
    }

    @Test
    void branchTargetCountsSlotsFromTheNextInstruction() {
        byte[] code = Slot.of(0x05, 0, 0, -3, 0).toBytes(ByteOrder.LITTLE_ENDIAN);
        Disassembler.Decoded d = Disassembler.decode(code, 0, 8, ByteOrder.LITTLE_ENDIAN, 0x40);
        assertThat(d.hasTarget()).isTrue();
        assertThat(d.target()).isEqualTo(0x40 + 8 - 24);
    }

    @Test
    void truncatedLdImm64IsConsumedOneByteAtATime() {
        byte[] code = Slot.of(0x18, 1, 0, 0, 1).toBytes(ByteOrder.LITTLE_ENDIAN);
        Disassembler.Decoded d = Disassembler.decode(code, 0, 8, ByteOrder.LITTLE_ENDIAN, 0);
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.printed()).isEqualTo("\t<unknown>");
    }

    @Test
    void undecodableSlotTakesEightBytes() {
        byte[] code = Slot.of(0x18, 1, 0, 1, 1).toBytes(ByteOrder.LITTLE_ENDIAN);
        Disassembler.Decoded d = Disassembler.decode(code, 0, 8, ByteOrder.LITTLE_ENDIAN, 0);
        assertThat(d.size()).isEqualTo(8);
        assertThat(d.text()).isNull();
    }

    private static String decodeAll(byte[] code, ByteOrder order) {
        Disassembler.Decoded d = Disassembler.decode(code, 0, code.length, order, 0);
        assertThat(d.size()).isEqualTo(code.length);
        return d.text() == null ? "<unknown>" : d.text();
    }

    static byte[] parseHex(String hex) {
        String[] parts = hex.trim().split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    /** Re-encodes little-endian slots in big-endian order (fields kept, bytes swapped). */
    static byte[] toBigEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int p = 0; p < le.length; p += 8) {
            Slot.read(le, p, ByteOrder.LITTLE_ENDIAN).write(be, p, ByteOrder.BIG_ENDIAN);
        }
        return be;
    }
}
