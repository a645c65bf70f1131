package dev.ebld.insn;

import java.util.List;

/**
 * A slot that is not a valid instruction: undefined opcode, register above r10, reserved field
 * set, or the first half of an {@code ld_imm64} with no valid second half. It keeps the raw
 * fields, so it encodes back to the same bytes.
 *
 * @param reason why it was not decoded, for messages
 */
public record Unknown(Slot slot, String reason) implements Insn {
    @Override
    public Kind kind() {
        return Kind.UNKNOWN;
    }

    @Override
    public List<Slot> slots() {
        return List.of(slot);
    }
}
