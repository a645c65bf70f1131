package dev.ebld.loader.verifier.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.insn.Alu;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.JumpOp;
import dev.ebld.insn.Reg;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The registers {@link Liveness} keeps for pruning: every one some continuation reads first. */
class LivenessTest {

    private static TreeSet<Integer> liveAt(List<Insn> insns, int at) {
        Liveness l = Liveness.of(ProgramLayout.of(insns, List.of(), Optional.empty()));
        TreeSet<Integer> regs = new TreeSet<>();
        for (int r = 0; r <= 10; r++) {
            if ((l.liveAt(at) & 1 << r) != 0) {
                regs.add(r);
            }
        }
        return regs;
    }

    @Test
    void aRegisterIsLiveFromItsWriteToItsLastRead() {
        List<Insn> p = List.of(Alu.mov64(Reg.R1, 1), Alu.mov64(Reg.R2, Reg.R1), Alu.mov64(Reg.R0, Reg.R2),
                new Jump.Exit());
        assertThat(liveAt(p, 0)).containsExactly(10);
        assertThat(liveAt(p, 1)).containsExactly(1, 10);
        assertThat(liveAt(p, 2)).containsExactly(2, 10);
        assertThat(liveAt(p, 3)).containsExactly(0, 10);
    }

    @Test
    void aLoopKeepsWhatItsLaterIterationsAndItsExitRead() {
        // r1 = 0; loop: r1 += 1; if r1 < 10 goto loop; r0 = r3; exit
        List<Insn> p = List.of(Alu.mov64(Reg.R1, 0), Alu.add64(Reg.R1, 1), Jump.Cond.imm(JumpOp.JLT, Reg.R1, 10, -2),
                Alu.mov64(Reg.R0, Reg.R3), new Jump.Exit());
        assertThat(liveAt(p, 1)).containsExactly(1, 3, 10);
        assertThat(liveAt(p, 0)).containsExactly(3, 10);
    }

    @Test
    void aHelperCallReadsTheArgumentsAndClobbersThem() {
        // r6 = r1; r2 = 0; call 5; r0 = r6; r0 += r2 (a read the verifier would refuse); exit
        List<Insn> p = List.of(Alu.mov64(Reg.R6, Reg.R1), Alu.mov64(Reg.R2, 0), Jump.Call.helper(5),
                Alu.mov64(Reg.R0, Reg.R6), Alu.add64(Reg.R0, Reg.R2), new Jump.Exit());
        assertThat(liveAt(p, 2)).containsExactly(1, 2, 3, 4, 5, 6, 10);
        assertThat(liveAt(p, 3)).containsExactly(2, 6, 10);
        assertThat(liveAt(p, 0)).containsExactly(1, 3, 4, 5, 10);
    }

    @Test
    void aStaticCallKeepsTheCallersArgumentRegistersAcrossTheCall() {
        // main: r1 = 1; call sub; r0 += r1; exit      sub: r0 = r1; exit
        List<Insn> p = List.of(Alu.mov64(Reg.R1, 1), Jump.Call.local(2), Alu.add64(Reg.R0, Reg.R1),
                new Jump.Exit(), Alu.mov64(Reg.R0, Reg.R1), new Jump.Exit());
        assertThat(liveAt(p, 2)).containsExactly(0, 1, 10);
        assertThat(liveAt(p, 1)).containsExactly(1, 2, 3, 4, 5, 10);
        assertThat(liveAt(p, 4)).containsExactly(1, 10);
    }
}
