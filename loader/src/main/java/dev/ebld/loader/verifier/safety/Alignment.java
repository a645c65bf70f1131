package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.Tnum;

/**
 * Pointer alignment, the kernel's {@code check_ptr_alignment} on a machine with efficient
 * unaligned access (x86-64, so {@code NET_IP_ALIGN} is 0): stack accesses must always be aligned
 * to their size, and atomic instructions must be aligned whatever they point to; other accesses
 * may be unaligned. Byte accesses are always aligned.
 */
final class Alignment {
    private Alignment() {
    }

    /**
     * Checks a {@code size}-byte access at {@code off} from pointer {@code p} in register
     * {@code regno}; {@code strict} for an atomic instruction.
     */
    static void check(Session s, int insn, RegState p, int off, int size, boolean strict) {
        boolean stack = p.type() == dev.ebld.loader.verifier.state.RegType.STACK;
        if (size == 1 || !stack && !strict) {
            return;
        }
        Tnum at = p.val().var().add(Tnum.constant((long) p.off() + off));
        if (((at.value() | at.mask()) & (size - 1)) == 0) {
            return;
        }
        Tnum v = p.val().var();
        String var = v.isConst() ? Long.toString(v.value()) : v.toString();
        String message = (p.type().isPacket() ? "misaligned packet access off 0+" : "misaligned "
                + describe(p) + "access off ") + var + "+" + p.off() + "+" + off + " size " + size;
        throw s.fail(RejectionKind.INVALID_MEM_ACCESS, insn, message);
    }

    /** The kernel's {@code pointer_desc}: what the message calls the memory. */
    private static String describe(RegState p) {
        return switch (p.type()) {
            case STACK -> "stack ";
            case MAP_VALUE -> "value ";
            case MAP_KEY -> "key ";
            case CTX -> "context ";
            case SCALAR, NOT_INIT, MAP_PTR, MAP_VALUE_OR_NULL, PACKET, PACKET_META, PACKET_END, MEM,
                    MEM_OR_NULL, RINGBUF_MEM, RINGBUF_MEM_OR_NULL, FUNC -> "";
        };
    }
}
