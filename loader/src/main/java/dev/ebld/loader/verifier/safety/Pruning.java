package dev.ebld.loader.verifier.safety;

import dev.ebld.loader.verifier.state.Frame;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.SlotKind;
import dev.ebld.loader.verifier.state.VState;
import java.util.HashMap;
import java.util.Map;

/**
 * State comparison for pruning, the kernel's {@code states_equal}.
 *
 * <p>A path reaching an instruction in state C may stop there if an earlier path reached the same
 * instruction in a state O that was fully explored and found safe, and O subsumes C: every
 * concrete machine state C describes is also described by O. Then every continuation from C is
 * one O's exploration already proved safe. Subsumption is checked per register and stack byte:
 * an uninitialised register or stack byte in O matches anything (O's paths never relied on it,
 * or were checked treating it as unknown); scalars by range and tnum containment; pointers by
 * equal type, base, fixed offset and size, contained variable offset and, for packets, a range
 * at least as large. Ids that link registers (null checks, packet ranges, copies of a scalar)
 * must link the same registers in C, through a consistent id map, or a refinement O relied on
 * would not reach all of C's copies.
 *
 * <p>Registers no continuation reads ({@link Liveness}: the innermost frame's at the state's
 * instruction, each caller's at the instruction its callee returns to) match anything, as the
 * kernel's registers without {@code REG_LIVE_READ}. Unlike the kernel this tracks no stack-slot
 * liveness and no precision, so it prunes somewhat less: it never treats a dead stack slot or an
 * imprecise scalar as matching anything. That costs states, never soundness. {@code exact} (the
 * kernel's loop check) demands identical states, dead registers included.
 */
final class Pruning {
    private Pruning() {
    }

    static boolean subsumes(VState old, VState cur, boolean exact, Liveness live) {
        if (old.frames.size() != cur.frames.size() || !old.refs.equals(cur.refs)) {
            return false;
        }
        Map<Integer, Integer> ids = new HashMap<>();
        // Registers of every frame first: they differ far more often than stacks and are cheap.
        int at = cur.insn;
        for (int i = old.frames.size() - 1; i >= 0; i--) {
            Frame o = old.frames.get(i);
            Frame c = cur.frames.get(i);
            if (o.callsite != c.callsite || o.callback != c.callback || !depthSafe(o, c, exact)) {
                return false;
            }
            int mask = exact ? -1 : live.liveAt(at);
            for (int r = 0; r < o.regs.length; r++) {
                if ((mask & 1 << r) != 0 && !regSafe(o.regs[r], c.regs[r], ids, exact)) {
                    return false;
                }
            }
            // The caller's registers are next read where this frame returns to: after the call,
            // or for a bpf_loop callback the call itself, which decides on another iteration.
            at = o.callback ? o.callsite - 1 : o.callsite;
        }
        for (int i = 0; i < old.frames.size(); i++) {
            Frame o = old.frames.get(i);
            Frame c = cur.frames.get(i);
            if (exact ? !o.sameStack(c) : !stackSafe(o, c, ids)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A hash of the registers of every frame: states {@link #subsumes} finds identical
     * ({@code exact}) have equal fingerprints, so the loop check compares full states only then.
     */
    static int fingerprint(VState st) {
        int h = st.frames.size();
        for (Frame f : st.frames) {
            h = 31 * h + f.callbackDepth;
            for (RegState r : f.regs) {
                h = 31 * h + regHash(r);
            }
        }
        return h;
    }

    /**
     * A hash of the fields that tell registers apart in practice, without the map's facts
     * (deep records) and the record's generated hashCode: it runs at every prune point.
     */
    private static int regHash(RegState r) {
        long v = r.val().var().value() * 31 + r.val().var().mask();
        v = v * 31 + r.val().umin();
        v = v * 31 + r.val().umax();
        v = v * 31 + r.val().smin();
        v = v * 31 + r.val().smax();
        int h = r.type().ordinal();
        h = 31 * h + r.off();
        h = 31 * h + r.range();
        h = 31 * h + r.id();
        return 31 * h + Long.hashCode(v);
    }

    /**
     * An explored state covers the callback iterations still to come only if it had at least as
     * many left (the kernel's {@code callback_depth} check); the loop check demands the same
     * iteration, or two iterations of an unchanged callback would look like an infinite loop.
     */
    private static boolean depthSafe(Frame o, Frame c, boolean exact) {
        return exact ? o.callbackDepth == c.callbackDepth : o.callbackDepth <= c.callbackDepth;
    }

    private static boolean regSafe(RegState o, RegState c, Map<Integer, Integer> ids, boolean exact) {
        if (exact) {
            return o.equals(c);
        }
        if (o.type() == RegType.NOT_INIT) {
            return true;
        }
        if (o.type() != c.type() || !idsMatch(o.id(), c.id(), ids) || !idsMatch(o.refId(), c.refId(), ids)) {
            return false;
        }
        if (o.type() == RegType.SCALAR) {
            return o.val().contains(c.val());
        }
        return o.off() == c.off() && o.map() == c.map() && o.memSize() == c.memSize()
                && o.frame() == c.frame() && o.val().contains(c.val()) && c.range() >= o.range();
    }

    private static boolean idsMatch(int o, int c, Map<Integer, Integer> ids) {
        if (o == 0) {
            return true;
        }
        Integer prev = ids.putIfAbsent(o, c);
        return prev == null ? c != 0 : prev == c;
    }

    private static boolean stackSafe(Frame o, Frame c, Map<Integer, Integer> ids) {
        // Bytes the old state never wrote are uninitialised there and match anything.
        for (int i = o.used(); i < Frame.STACK_SIZE; i++) {
            SlotKind ok = o.byteAt(i);
            SlotKind ck = c.byteAt(i);
            if (!byteSafe(ok, ck, c, i)) {
                return false;
            }
            if (ok == SlotKind.SPILL && i % 8 == 0) {
                RegState os = o.spillAtSlot(i / 8);
                RegState cs = c.spillAtSlot(i / 8);
                if (cs == null || !regSafe(os, cs, ids, false)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean byteSafe(SlotKind o, SlotKind c, Frame cf, int i) {
        return switch (o) {
            case INVALID -> true;
            case MISC -> c == SlotKind.MISC || c == SlotKind.ZERO
                    || c == SlotKind.SPILL && cf.spillAtSlot(i / 8).isScalar();
            case ZERO -> c == SlotKind.ZERO;
            case SPILL -> c == SlotKind.SPILL;
        };
    }
}
