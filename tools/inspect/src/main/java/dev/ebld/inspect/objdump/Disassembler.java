package dev.ebld.inspect.objdump;

import dev.ebld.insn.Insn;
import dev.ebld.insn.InsnCodec;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Slot;

import java.nio.ByteOrder;

/**
 * Instruction bytes to llvm-objdump-19 text, one instruction at a time. Pure: no ELF, no symbols.
 *
 * <p>Stepping follows llvm-objdump: an instruction LLVM decodes takes 8 bytes (16 for
 * {@code ld_imm64}); one it cannot decode takes 8 bytes and prints {@code <unknown>}; when fewer
 * bytes remain than the instruction needs, a single byte is consumed and printed as
 * {@code <unknown>}.
 */
public final class Disassembler {

    /**
     * One decoded instruction.
     *
     * @param size      bytes consumed: 16, 8 or 1
     * @param text      LLVM's text without the leading tab, or {@code null} for {@code <unknown>}
     * @param hasTarget whether LLVM treats it as a branch with a known target
     * @param target    the branch target as a byte offset from the start of the code (64-bit
     *                  unsigned arithmetic, as in LLVM; meaningful only with {@code hasTarget})
     */
    public record Decoded(int size, String text, boolean hasTarget, long target) {
        /** The text llvm-objdump prints after the raw bytes: a tab, then the mnemonic. */
        public String printed() {
            return "\t" + (text == null ? "<unknown>" : text);
        }
    }

    private Disassembler() {
    }

    /**
     * Decodes the instruction at {@code pos}; bytes from {@code end} on are not read.
     *
     * @param address byte address of {@code pos}, used for the branch target
     */
    public static Decoded decode(byte[] code, int pos, int end, ByteOrder order, long address) {
        int avail = end - pos;
        if (avail < Slot.SIZE) {
            return new Decoded(1, null, false, 0);
        }
        Slot first = Slot.read(code, pos, order);
        if (first.opcode() == LdImm64.OPCODE) {
            if (!LlvmSyntax.ldImm64Decodes(first)) {
                return new Decoded(Slot.SIZE, null, false, 0);
            }
            if (avail < 2 * Slot.SIZE) {
                return new Decoded(1, null, false, 0);
            }
            Slot second = Slot.read(code, pos + Slot.SIZE, order);
            return new Decoded(2 * Slot.SIZE, LlvmSyntax.ldImm64(first, second.imm()), false, 0);
        }
        String text = LlvmSyntax.single(first);
        Long slots = text == null ? null : LlvmSyntax.branchSlots(first);
        if (slots == null) {
            return new Decoded(Slot.SIZE, text, false, 0);
        }
        return new Decoded(Slot.SIZE, text, true, address + Slot.SIZE + slots * Slot.SIZE);
    }

    /** LLVM's text for one instruction from the codec (little-endian encoding; order is moot). */
    public static String text(Insn insn) {
        byte[] b = InsnCodec.encode(insn, ByteOrder.LITTLE_ENDIAN);
        Decoded d = decode(b, 0, b.length, ByteOrder.LITTLE_ENDIAN, 0);
        return d.text() == null ? "<unknown>" : d.text();
    }
}
