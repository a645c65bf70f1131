package dev.ebld.loader.verifier.safety;

import dev.ebld.insn.JumpOp;
import dev.ebld.insn.Jump;
import dev.ebld.insn.Source;
import dev.ebld.loader.verifier.RejectionKind;
import dev.ebld.loader.verifier.state.RegState;
import dev.ebld.loader.verifier.state.RegType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.ScalarRefine;
import dev.ebld.loader.verifier.state.VState;

/**
 * Conditional jumps (the kernel's {@code check_cond_jmp_op}): decides branches whose outcome is
 * known ({@code is_branch_taken}), refines both operands' bounds on each side
 * ({@code reg_set_min_max}), turns maybe-NULL pointers into pointers or zero on a comparison with
 * 0 ({@code mark_ptr_or_null_regs}), and gives packet pointers a range on a comparison with the
 * packet end ({@code find_good_pkt_pointers}).
 */
final class BranchCheck {
    /** Largest packet offset the kernel tracks ({@code MAX_PACKET_OFF}). */
    private static final long MAX_PACKET_OFF = 0xffff;

    /** The two successors; either may be null when the verifier proved it cannot happen. */
    record Outcome(VState fallThrough, VState taken) {
    }

    private final Session s;

    BranchCheck(Session s) {
        this.s = s;
    }

    Outcome cond(VState st, int insn, Jump.Cond c) {
        int d = c.dst().number();
        RegState dst = s.read(st, d, insn);
        RegState src = c.source() == Source.X ? s.read(st, c.src().number(), insn)
                : RegState.constant(c.jmp32() ? c.imm() & 0xffffffffL : c.imm());
        if (dst.isScalar() && src.isScalar()) {
            return scalars(st, c, d, dst, src);
        }
        if (!c.jmp32() && (c.op() == JumpOp.JEQ || c.op() == JumpOp.JNE)) {
            RegState ptr = dst.isScalar() ? src : dst;
            RegState other = dst.isScalar() ? dst : src;
            if (ptr.type().isPointer() && other.isConstScalar() && other.val().constValue() == 0) {
                return nullCheck(st, c.op() == JumpOp.JEQ, ptr);
            }
        }
        if (dst.type().isPointer() && src.type().isPointer()) {
            return packets(st, c.op(), dst, src);
        }
        if (!s.privileged()) {
            throw s.fail(RejectionKind.POINTER_LEAK, insn, "R" + (dst.isScalar() ? c.src().number() : d)
                    + " pointer comparison prohibited");
        }
        return new Outcome(st, st.copy());
    }

    private Outcome scalars(VState st, Jump.Cond c, int d, RegState dst, RegState src) {
        int known = taken(c.op(), dst.val(), src.val(), c.jmp32());
        if (known == 1) {
            return new Outcome(null, st);
        }
        if (known == 0) {
            return new Outcome(st, null);
        }
        VState other = st.copy();
        boolean fallOk = refine(st, c, d, dst, src, negate(c.op()), false);
        boolean takenOk = refine(other, c, d, dst, src, c.op(), c.op() == JumpOp.JSET);
        return new Outcome(fallOk ? st : null, takenOk ? other : null);
    }

    /** 1 if the branch is always taken, 0 if never, -1 if it depends on the values. */
    static int taken(JumpOp op, Scalar a, Scalar b, boolean jmp32) {
        if (jmp32) {
            a = a.zext32();
            b = b.zext32();
            if (isSigned(op)) {
                a = Scalar.srange(a.s32min(), a.s32max());
                b = Scalar.srange(b.s32min(), b.s32max());
            }
        }
        return switch (op) {
            case JEQ -> a.isConst() && b.isConst() ? (a.constValue() == b.constValue() ? 1 : 0)
                    : disjoint(a, b) ? 0 : -1;
            case JNE -> a.isConst() && b.isConst() ? (a.constValue() != b.constValue() ? 1 : 0)
                    : disjoint(a, b) ? 1 : -1;
            case JSET -> (a.var().value() & b.var().value()) != 0 ? 1
                    : (a.var().umax() & b.var().umax()) == 0 ? 0 : -1;
            case JGT -> ucmp(a.umin(), b.umax()) > 0 ? 1 : ucmp(a.umax(), b.umin()) <= 0 ? 0 : -1;
            case JGE -> ucmp(a.umin(), b.umax()) >= 0 ? 1 : ucmp(a.umax(), b.umin()) < 0 ? 0 : -1;
            case JLT -> ucmp(a.umax(), b.umin()) < 0 ? 1 : ucmp(a.umin(), b.umax()) >= 0 ? 0 : -1;
            case JLE -> ucmp(a.umax(), b.umin()) <= 0 ? 1 : ucmp(a.umin(), b.umax()) > 0 ? 0 : -1;
            case JSGT -> a.smin() > b.smax() ? 1 : a.smax() <= b.smin() ? 0 : -1;
            case JSGE -> a.smin() >= b.smax() ? 1 : a.smax() < b.smin() ? 0 : -1;
            case JSLT -> a.smax() < b.smin() ? 1 : a.smin() >= b.smax() ? 0 : -1;
            case JSLE -> a.smax() <= b.smin() ? 1 : a.smin() > b.smax() ? 0 : -1;
        };
    }

    private static boolean disjoint(Scalar a, Scalar b) {
        return ucmp(a.umin(), b.umax()) > 0 || ucmp(a.umax(), b.umin()) < 0
                || a.smin() > b.smax() || a.smax() < b.smin()
                || ((a.var().value() ^ b.var().value()) & ~(a.var().mask() | b.var().mask())) != 0;
    }

    private static int ucmp(long a, long b) {
        return Long.compareUnsigned(a, b);
    }

    private static boolean isSigned(JumpOp op) {
        return op == JumpOp.JSGT || op == JumpOp.JSGE || op == JumpOp.JSLT || op == JumpOp.JSLE;
    }

    /** The condition that holds on the fall-through side; JSET's is handled by {@code jsetTrue}. */
    static JumpOp negate(JumpOp op) {
        return switch (op) {
            case JEQ -> JumpOp.JNE;
            case JNE -> JumpOp.JEQ;
            case JGT -> JumpOp.JLE;
            case JLE -> JumpOp.JGT;
            case JGE -> JumpOp.JLT;
            case JLT -> JumpOp.JGE;
            case JSGT -> JumpOp.JSLE;
            case JSLE -> JumpOp.JSGT;
            case JSGE -> JumpOp.JSLT;
            case JSLT -> JumpOp.JSGE;
            case JSET -> JumpOp.JSET;
        };
    }

    /**
     * Narrows dst and src (when a register) to the values for which {@code op} holds; false if
     * none do. JSET on the fall-through side means "no common bit".
     */
    private boolean refine(VState st, Jump.Cond c, int d, RegState dst, RegState src, JumpOp op,
            boolean jsetTrue) {
        Scalar[] r = ScalarRefine.refine(op, dst.val(), src.val(), c.jmp32(), jsetTrue);
        if (r == null || r[0].empty() || r[1].empty()) {
            return false;
        }
        setLinked(st, d, dst, r[0]);
        if (c.source() == Source.X) {
            setLinked(st, c.src().number(), src, r[1]);
        }
        return true;
    }

    /** Sets a register and every scalar sharing its id (the kernel's {@code sync_linked_regs}). */
    private static void setLinked(VState st, int r, RegState old, Scalar v) {
        st.set(r, old.withVal(v));
        if (old.id() == 0) {
            return;
        }
        int id = old.id();
        st.mapAll(x -> x.isScalar() && x.id() == id ? x.withVal(v) : x);
    }

    private Outcome nullCheck(VState st, boolean jeq, RegState ptr) {
        if (!ptr.type().maybeNull()) {
            return jeq ? new Outcome(st, null) : new Outcome(null, st);
        }
        VState isNull = st.copy();
        markNull(isNull, ptr, true);
        markNull(st, ptr, false);
        return jeq ? new Outcome(st, isNull) : new Outcome(isNull, st);
    }

    private static void markNull(VState st, RegState ptr, boolean isNull) {
        int id = ptr.id();
        st.mapAll(x -> x.type().maybeNull() && x.id() == id
                ? (isNull ? RegState.constant(0) : nonNull(x))
                : x);
        if (isNull && ptr.refId() != 0) {
            st.refs.removeIf(ref -> ref.id() == ptr.refId());
        }
    }

    /**
     * A maybe-NULL pointer proven non-NULL. A lookup in a map-in-map yields the inner map itself,
     * typed by the outer map's inner template, as the kernel's {@code mark_ptr_or_null_reg}.
     */
    private static RegState nonNull(RegState x) {
        if (x.type() == RegType.MAP_VALUE_OR_NULL && x.map() != null && x.map().inner().isPresent()) {
            return RegState.mapPtr(x.map().inner().get());
        }
        return x.withType(x.type().nonNull());
    }

    private Outcome packets(VState st, JumpOp op, RegState dst, RegState src) {
        VState other = st.copy();
        boolean dstPkt = dst.type() == RegType.PACKET && src.type() == RegType.PACKET_END
                || dst.type() == RegType.PACKET_META && src.type() == RegType.PACKET;
        boolean srcPkt = src.type() == RegType.PACKET && dst.type() == RegType.PACKET_END
                || src.type() == RegType.PACKET_META && dst.type() == RegType.PACKET;
        if (!dstPkt && !srcPkt) {
            return new Outcome(st, other);
        }
        RegState p = dstPkt ? dst : src;
        switch (op) {
            case JGT -> goodPackets(dstPkt ? st : other, p, !dstPkt);
            case JLT -> goodPackets(dstPkt ? other : st, p, dstPkt);
            case JGE -> goodPackets(dstPkt ? st : other, p, dstPkt);
            case JLE -> goodPackets(dstPkt ? other : st, p, !dstPkt);
            case JEQ, JNE, JSET, JSGT, JSGE, JSLT, JSLE -> { }
        }
        return new Outcome(st, other);
    }

    /** Every packet pointer with {@code p}'s id may now access up to p's offset (+1 if open). */
    private static void goodPackets(VState st, RegState p, boolean rightOpen) {
        if (p.off() < 0 || p.off() == 0 && rightOpen) {
            return;
        }
        if (Long.compareUnsigned(p.val().umax(), MAX_PACKET_OFF) > 0
                || p.val().umax() + p.off() > MAX_PACKET_OFF) {
            return;
        }
        int range = p.off() + (rightOpen ? 1 : 0);
        st.mapAll(x -> x.type() == p.type() && x.id() == p.id()
                ? x.withRange(Math.max(x.range(), range)) : x);
    }
}
