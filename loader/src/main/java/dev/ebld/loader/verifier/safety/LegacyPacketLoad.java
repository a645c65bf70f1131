package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.PacketLoad;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.VState;

/**
 * The legacy packet loads LD_ABS and LD_IND, as the kernel's {@code check_ld_abs}: only for the
 * program types that may read the skb this way, with the unmodified context in R6. The load
 * behaves like a helper call: it may end the program (returning 0) when the offset is past the
 * packet, so no reference may be held, and R1-R5 are clobbered; R0 gets the loaded value.
 */
final class LegacyPacketLoad {
    private LegacyPacketLoad() {
    }

    static void check(Session s, VState st, int insn, PacketLoad x) {
        if (!s.ctx.legacyPacketLoads()) {
            throw s.fail(RejectionKind.INVALID_INSN, insn,
                    "BPF_LD_[ABS|IND] instructions not allowed for this program type");
        }
        if (s.layout.subprogs().size() > 1) {
            // Its implicit "return 0" would leave from inside a callee's frame.
            throw s.fail(RejectionKind.INVALID_INSN, insn,
                    "BPF_LD_[ABS|IND] instructions cannot be mixed with bpf-to-bpf calls");
        }
        RegState ctx = s.read(st, 6, insn);
        if (!st.refs.isEmpty()) {
            throw s.fail(RejectionKind.UNRELEASED_REFERENCE, insn, "BPF_LD_[ABS|IND] would lead to reference leak");
        }
        if (ctx.type() != RegType.CTX) {
            throw s.fail(RejectionKind.BAD_CTX_ACCESS, insn, "at the time of BPF_LD_ABS|IND R6 != pointer to skb");
        }
        if (x.indirect()) {
            s.read(st, x.src().number(), insn);
        }
        if (ctx.off() != 0) {
            throw s.fail(RejectionKind.BAD_CTX_ACCESS, insn, "dereference of modified ctx ptr R6 off="
                    + ctx.off() + " disallowed");
        }
        CallCheck.clobberCallerSaved(st);
        st.set(0, RegState.UNKNOWN);
    }
}
