package dev.ebld.loader.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.btf.Btf;
import dev.ebld.insn.Alu;
import dev.ebld.insn.AluOp;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.JumpOp;
import dev.ebld.insn.Load;
import dev.ebld.insn.MemSize;
import dev.ebld.insn.Reg;
import dev.ebld.insn.Store;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.verifier.state.Scalar;
import dev.ebld.loader.verifier.state.ScalarAlu;
import dev.ebld.loader.verifier.state.ScalarRefine;
import dev.ebld.loader.verifier.state.Tnum;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-assembled programs and the abstract domain's operations, one concern each. */
class SafetyVerifierUnitTest {

    static Verdict verify(Insn... insns) {
        VerifierEnv env = new VerifierEnv() {
            @Override
            public Optional<MapFacts> map(int fd) {
                return Optional.empty();
            }

            @Override
            public Btf kernelBtf() {
                throw new UnsupportedOperationException();
            }
        };
        return new SafetyVerifier().verify(new VerifierRequest(ProgType.XDP, Optional.empty(), "t",
                List.of(insns), Optional.empty(), List.of(), List.of(), 2, true, env));
    }

    @Test
    void tnumAddAndContainment() {
        Tnum a = Tnum.range(0, 3);
        Tnum sum = a.add(Tnum.constant(4));
        assertTrue(sum.contains(Tnum.constant(7)));
        assertFalse(sum.contains(Tnum.constant(8)));
        assertEquals(Tnum.constant(12), Tnum.constant(3).mul(Tnum.constant(4)));
        assertEquals(0x3L, Tnum.UNKNOWN.and(Tnum.constant(3)).umax());
    }

    @Test
    void boundsFollowAddAndMask() {
        Scalar x = ScalarAlu.apply(AluOp.AND, Scalar.UNKNOWN, Scalar.constant(0xff), true);
        assertEquals(0, x.umin());
        assertEquals(0xff, x.umax());
        Scalar y = ScalarAlu.apply(AluOp.ADD, x, Scalar.constant(10), true);
        assertEquals(10, y.umin());
        assertEquals(265, y.umax());
        Scalar w = ScalarAlu.apply(AluOp.SUB, Scalar.constant(0), Scalar.constant(1), false);
        assertEquals(0xffffffffL, w.constValue());
    }

    @Test
    void branchesRefineBothSides() {
        Scalar x = Scalar.urange(0, 100);
        Scalar[] lt = ScalarRefine.refine(JumpOp.JLT, x, Scalar.constant(10), false, false);
        assertEquals(9, lt[0].umax());
        Scalar[] ge = ScalarRefine.refine(JumpOp.JGE, x, Scalar.constant(10), false, false);
        assertEquals(10, ge[0].umin());
        Scalar[] sgt = ScalarRefine.refine(JumpOp.JSGT, Scalar.UNKNOWN, Scalar.constant(-1), false, false);
        assertEquals(0, sgt[0].smin());
        Scalar[] eq32 = ScalarRefine.refine(JumpOp.JEQ, Scalar.urange(0, 0xffffffffL), Scalar.constant(5), true, false);
        assertEquals(5, eq32[0].constValue());
    }

    @Test
    void uninitialisedR0AtExitIsRefused() {
        Verdict v = verify(Jump.exit());
        assertEquals(RejectionKind.UNINIT_REG, v.rejection().orElseThrow().kind());
        assertEquals("R0 !read_ok", v.rejection().orElseThrow().message());
    }

    @Test
    void stackSpillAndFillKeepsThePointer() {
        Verdict v = verify(Store.of(MemSize.DW, Reg.R10, -8, Reg.R1), Alu.mov64(Reg.R1, 0),
                Load.of(MemSize.DW, Reg.R1, Reg.R10, -8), Load.of(MemSize.W, Reg.R0, Reg.R1, 12),
                Jump.exit());
        assertTrue(v.accepted(), v.log());
    }

    @Test
    void loopWithAnUnchangingStateIsInfinite() {
        Verdict v = verify(Alu.mov64(Reg.R0, 0), Jump.Cond.imm(JumpOp.JEQ, Reg.R0, 0, -1), Jump.exit());
        assertEquals(RejectionKind.INFINITE_LOOP, v.rejection().orElseThrow().kind());
    }

    @Test
    void boundedLoopIsExploredAndPruned() {
        Verdict v = verify(Alu.mov64(Reg.R0, 0), Alu.add64(Reg.R0, 1),
                Jump.Cond.imm(JumpOp.JLT, Reg.R0, 100, -2), Jump.exit());
        assertTrue(v.accepted(), v.log());
        assertTrue(v.log().contains("processed "), v.log());
        assertTrue(v.verifiedInsns() > 200 && v.verifiedInsns() < 400, "" + v.verifiedInsns());
    }

    @Test
    void scalarDereferenceIsRefused() {
        Verdict v = verify(Alu.mov64(Reg.R1, 0), Load.of(MemSize.W, Reg.R0, Reg.R1, 0), Jump.exit());
        assertEquals("R1 invalid mem access 'scalar'", v.rejection().orElseThrow().message());
    }
}
