package dev.ebld.insn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encodings of the codec's records against bytes llvm-mc-19 produced, and decoding robustness. */
class InsnCodecTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** Instruction, then its little-endian and big-endian bytes from llvm-mc-19 (-mcpu=v4). */
    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(Alu.add64(Reg.R1, Reg.R2), "0f 21 00 00 00 00 00 00", "0f 12 00 00 00 00 00 00"),
                Arguments.of(Alu.add64(Reg.R1, 5), "07 01 00 00 05 00 00 00", "07 10 00 00 00 00 00 05"),
                Arguments.of(Alu.of64(AluOp.SMOD, Reg.R1, 3), "97 01 01 00 03 00 00 00", "97 10 00 01 00 00 00 03"),
                Arguments.of(Alu.of64(AluOp.MOVSX32, Reg.R1, Reg.R2), "bf 21 20 00 00 00 00 00", "bf 12 00 20 00 00 00 00"),
                Arguments.of(Alu.of32(AluOp.MOVSX8, Reg.R1, Reg.R2), "bc 21 08 00 00 00 00 00", "bc 12 00 08 00 00 00 00"),
                Arguments.of(new Alu(false, AluOp.NEG, Source.K, Reg.R1, Reg.R0, 0), "84 01 00 00 00 00 00 00", "84 10 00 00 00 00 00 00"),
                Arguments.of(new Endian(Endian.Swap.TO_BE, 32, Reg.R1), "dc 01 00 00 20 00 00 00", "dc 10 00 00 00 00 00 20"),
                Arguments.of(new Endian(Endian.Swap.TO_LE, 16, Reg.R1), "d4 01 00 00 10 00 00 00", "d4 10 00 00 00 00 00 10"),
                Arguments.of(Endian.bswap(64, Reg.R1), "d7 01 00 00 40 00 00 00", "d7 10 00 00 00 00 00 40"),
                Arguments.of(Load.of(MemSize.DW, Reg.R1, Reg.R10, -8), "79 a1 f8 ff 00 00 00 00", "79 1a ff f8 00 00 00 00"),
                Arguments.of(new Load(MemSize.H, true, Reg.R1, Reg.R2, (short) 1), "89 21 01 00 00 00 00 00", "89 12 00 01 00 00 00 00"),
                Arguments.of(Store.of(MemSize.B, Reg.R1, 1, Reg.R2), "73 21 01 00 00 00 00 00", "73 12 00 01 00 00 00 00"),
                Arguments.of(StoreImm.of(MemSize.DW, Reg.R1, -8, -5), "7a 01 f8 ff fb ff ff ff", "7a 10 ff f8 ff ff ff fb"),
                Arguments.of(Atomic.of(MemSize.W, AtomicOp.XCHG, true, Reg.R1, 0, Reg.R2), "c3 21 00 00 e1 00 00 00", "c3 12 00 00 00 00 00 e1"),
                Arguments.of(Atomic.of(MemSize.DW, AtomicOp.CMPXCHG, true, Reg.R1, 0, Reg.R2), "db 21 00 00 f1 00 00 00", "db 12 00 00 00 00 00 f1"),
                Arguments.of(Atomic.of(MemSize.DW, AtomicOp.XOR, true, Reg.R1, 0, Reg.R2), "db 21 00 00 a1 00 00 00", "db 12 00 00 00 00 00 a1"),
                Arguments.of(LdImm64.of(Reg.R1, 0x0123456789abcdefL),
                        "18 01 00 00 ef cd ab 89 00 00 00 00 67 45 23 01",
                        "18 10 00 00 89 ab cd ef 00 00 00 00 01 23 45 67"),
                Arguments.of(new PacketLoad(true, MemSize.H, Reg.R1, 0), "48 10 00 00 00 00 00 00", "48 01 00 00 00 00 00 00"),
                Arguments.of(new PacketLoad(false, MemSize.B, Reg.R0, 1), "30 00 00 00 01 00 00 00", "30 00 00 00 00 00 00 01"),
                Arguments.of(Jump.Cond.reg(JumpOp.JEQ, Reg.R1, Reg.R2, 1), "1d 21 01 00 00 00 00 00", "1d 12 00 01 00 00 00 00"),
                Arguments.of(new Jump.Cond(true, JumpOp.JNE, Source.K, Reg.R1, Reg.R0, 5, (short) -1), "56 01 ff ff 05 00 00 00", "56 10 ff ff 00 00 00 05"),
                Arguments.of(Jump.Goto.of(2), "05 00 02 00 00 00 00 00", "05 00 00 02 00 00 00 00"),
                Arguments.of(new Jump.GotoLong(3), "06 00 00 00 03 00 00 00", "06 00 00 00 00 00 00 03"),
                Arguments.of(new Jump.MayGoto((short) 2), "e5 00 02 00 00 00 00 00", "e5 00 00 02 00 00 00 00"),
                Arguments.of(new Jump.CallX(Reg.R3), "8d 03 00 00 00 00 00 00", "8d 30 00 00 00 00 00 00"),
                Arguments.of(Jump.Call.local(6), "85 10 00 00 06 00 00 00", "85 01 00 00 00 00 00 06"),
                Arguments.of(Jump.Call.kfunc(100, 1), "85 20 01 00 64 00 00 00", "85 02 00 01 00 00 00 64"),
                // ebld's dynamic call (src 3): BTF id in imm, fd array index in off.
                Arguments.of(Jump.Call.dynamic(100, 2), "85 30 02 00 64 00 00 00", "85 03 00 02 00 00 00 64"),
                Arguments.of(new Jump.Exit(), "95 00 00 00 00 00 00 00", "95 00 00 00 00 00 00 00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void encodesAndDecodesLikeLlvm(Insn insn, String le, String be) {
        assertThat(HEX.formatHex(InsnCodec.encode(insn, ByteOrder.LITTLE_ENDIAN))).isEqualTo(le);
        assertThat(HEX.formatHex(InsnCodec.encode(insn, ByteOrder.BIG_ENDIAN))).isEqualTo(be);
        assertThat(InsnCodec.decode(HEX.parseHex(le), 0, ByteOrder.LITTLE_ENDIAN)).isEqualTo(insn);
        assertThat(InsnCodec.decode(HEX.parseHex(be), 0, ByteOrder.BIG_ENDIAN)).isEqualTo(insn);
        assertThat(insn.width()).isEqualTo(insn.slots().size());
    }

    @Test
    void randomBytesNeverThrowAndReencodeIdentically() {
        Random r = new Random(9669);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (int round = 0; round < 200; round++) {
                byte[] code = new byte[8 * (1 + r.nextInt(64))];
                r.nextBytes(code);
                List<Insn> insns = InsnCodec.decodeAll(code, order);
                assertThat(InsnCodec.encodeAll(insns, order)).isEqualTo(code);
            }
        }
    }

    @Test
    void reservedFieldsMakeUnknown() {
        // add r1, r2 with a nonzero imm: LLVM prints it, RFC 9669 reserves the field.
        Insn insn = InsnCodec.decode(HEX.parseHex("0f 21 00 00 05 00 00 00"), 0, ByteOrder.LITTLE_ENDIAN);
        assertThat(insn).isInstanceOf(Unknown.class);
        assertThat(insn.kind()).isEqualTo(Insn.Kind.UNKNOWN);
        assertThat(InsnCodec.decode(HEX.parseHex("61 c1 00 00 00 00 00 00"), 0, ByteOrder.LITTLE_ENDIAN))
                .as("register 12").isInstanceOf(Unknown.class);
        assertThat(InsnCodec.decode(HEX.parseHex("18 71 00 00 00 00 00 00 00 00 00 00 00 00 00 00"), 0,
                ByteOrder.LITTLE_ENDIAN)).as("pseudo source 7").isInstanceOf(Unknown.class);
    }

    @Test
    void pseudoSourcesDecode() {
        for (PseudoSrc p : PseudoSrc.values()) {
            byte[] b = InsnCodec.encode(new LdImm64(Reg.R2, p, 0x1_0000_0002L), ByteOrder.BIG_ENDIAN);
            LdImm64 d = (LdImm64) InsnCodec.decode(b, 0, ByteOrder.BIG_ENDIAN);
            assertThat(d.src()).isEqualTo(p);
            assertThat(d.lo()).isEqualTo(2);
            assertThat(d.hi()).isEqualTo(1);
        }
    }

    @Test
    void truncatedLdImm64AtTheEndIsUnknown() {
        byte[] code = HEX.parseHex("b7 00 00 00 00 00 00 00 18 01 00 00 01 00 00 00");
        List<Insn> insns = InsnCodec.decodeAll(code, ByteOrder.LITTLE_ENDIAN);
        assertThat(insns).hasSize(2);
        assertThat(insns.get(1)).isInstanceOf(Unknown.class);
        assertThat(((Unknown) insns.get(1)).reason()).contains("truncated ld_imm64");
        assertThat(InsnCodec.encodeAll(insns, ByteOrder.LITTLE_ENDIAN)).isEqualTo(code);
    }

    /** What the linker does to a relocated call or ld_imm64: decode, change imm, write back in place. */
    @Test
    void encodeAtPatchesOnlyTheInstructionItCovers() {
        // r0 = 0; call +1 (pseudo call); r1 = 0x1_00000010 ll; exit, big-endian.
        byte[] code = HEX.parseHex("b7 00 00 00 00 00 00 00 85 01 00 00 00 00 00 01"
                + " 18 10 00 00 00 00 00 10 00 00 00 00 00 00 00 01 95 00 00 00 00 00 00 00");
        Jump.Call call = (Jump.Call) InsnCodec.decode(code, 8, ByteOrder.BIG_ENDIAN);
        InsnCodec.encodeAt(call.withImm(-3), code, 8, ByteOrder.BIG_ENDIAN);
        LdImm64 ld = (LdImm64) InsnCodec.decode(code, 16, ByteOrder.BIG_ENDIAN);
        assertThat(ld.imm()).isEqualTo(0x1_0000_0010L);
        InsnCodec.encodeAt(ld.withLo(0xfffffff0), code, 16, ByteOrder.BIG_ENDIAN);
        assertThat(HEX.formatHex(code)).isEqualTo("b7 00 00 00 00 00 00 00 85 01 00 00 ff ff ff fd"
                + " 18 10 00 00 ff ff ff f0 00 00 00 00 00 00 00 01 95 00 00 00 00 00 00 00");
        assertThat(((LdImm64) InsnCodec.decode(code, 16, ByteOrder.BIG_ENDIAN)).imm())
                .isEqualTo(0x1_ffff_fff0L);
    }

    @Test
    void partialSlotIsATypedErrorWithOffset() {
        assertThatThrownBy(() -> InsnCodec.decodeAll(new byte[12], ByteOrder.LITTLE_ENDIAN))
                .isInstanceOfSatisfying(InsnFormatException.class, e -> assertThat(e.offset()).isEqualTo(8));
        assertThatThrownBy(() -> InsnCodec.decode(new byte[8], 4, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(InsnFormatException.class).hasMessageContaining("0x4");
    }

    @Test
    void recordsRejectInconsistentFields() {
        assertThatThrownBy(() -> new Alu(true, AluOp.ADD, Source.K, Reg.R1, Reg.R2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Atomic(MemSize.DW, AtomicOp.XCHG, false, Reg.R1, Reg.R2, (short) 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endian(Endian.Swap.BSWAP, 8, Reg.R1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reg.of(11)).isInstanceOf(IllegalArgumentException.class);
    }
}
