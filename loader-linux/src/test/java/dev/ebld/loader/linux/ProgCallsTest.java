package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.insn.Alu;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.Reg;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Kernel;
import dev.ebld.loader.kernel.LoadedProg;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgInfo;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import dev.ebld.loader.sim.SimKernel;
import dev.ebld.testkit.RequiresKernel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BPF_PROG_LOAD (with and without a log), program info and BPF_PROG_TEST_RUN, real and simulated. */
@RequiresKernel
class ProgCallsTest {
    static final List<Insn> RETURN_2 = List.of(Alu.mov64(Reg.R0, 2), Jump.exit());

    static ProgLoadAttr xdp(String name, List<Insn> insns, LogOptions log) {
        ProgLoadAttr a = ProgLoadAttr.of(ProgType.XDP, name, insns);
        return new ProgLoadAttr(a.type(), a.expectedAttachType(), a.name(), a.insns(), a.license(), a.btf(),
                a.funcInfo(), a.lineInfo(), log, a.attachProg(), a.attachBtfId(), a.fdArray(), a.flags());
    }

    private static TestRunResult run(Kernel k, byte[] packet) {
        ProgFd p = k.progLoad(xdp("ebld_pass", RETURN_2, LogOptions.NONE)).fd();
        return k.progTestRun(p, TestRunAttr.packet(packet));
    }

    @Test
    void loadedProgramRunsAsInTheSimulator() {
        byte[] packet = new byte[64];
        packet[12] = 0x08;
        TestRunResult sim = run(new SimKernel().rootProcess(), packet);
        try (LinuxKernel k = new LinuxKernel()) {
            TestRunResult real = run(k, packet);
            assertThat(real.retval()).isEqualTo(2).isEqualTo(sim.retval());
            assertThat(real.dataOut().orElseThrow()).isEqualTo(packet).isEqualTo(sim.dataOut().orElseThrow());
        }
    }

    @Test
    void loadReportsVerifiedInstructionsAndInfo() {
        try (LinuxKernel k = new LinuxKernel()) {
            LoadedProg p = k.progLoad(xdp("ebld_info", RETURN_2, LogOptions.level(2)));
            assertThat(p.verifiedInsns()).isEqualTo(2);
            assertThat(p.log()).contains("processed 2 insns");
            ProgInfo info = k.progInfo(p.fd());
            assertThat(info.type()).isEqualTo(ProgType.XDP);
            assertThat(info.name()).isEqualTo("ebld_info");
            assertThat(info.verifiedInsns()).isEqualTo(2);
            assertThat(info.tag()).hasSize(16);
            assertThat(info.mapIds()).isEmpty();
        }
    }

    @Test
    void repeatedRunReportsADuration() {
        try (LinuxKernel k = new LinuxKernel()) {
            ProgFd p = k.progLoad(xdp("ebld_repeat", RETURN_2, LogOptions.NONE)).fd();
            TestRunResult r = k.progTestRun(p, new TestRunAttr(Optional.of(new byte[64]), 0, Optional.empty(), 0,
                    1000, 0, 0));
            assertThat(r.retval()).isEqualTo(2);
            assertThat(r.dataOut()).isEmpty();
            assertThat(r.durationNs()).isGreaterThanOrEqualTo(0).isLessThan(1_000_000);
        }
    }

    @Test
    void badProgramIsRefusedWithTheVerifierLogAsInTheSimulator() {
        List<Insn> noR0 = List.of(Jump.exit());
        ProgLoadException sim = assertThrows(ProgLoadException.class,
                () -> new SimKernel().rootProcess().progLoad(xdp("ebld_bad", noR0, LogOptions.level(1))));
        try (LinuxKernel k = new LinuxKernel()) {
            ProgLoadException real = assertThrows(ProgLoadException.class,
                    () -> k.progLoad(xdp("ebld_bad", noR0, LogOptions.level(1))));
            assertThat(real.errno()).isEqualTo(Errno.EACCES).isEqualTo(sim.errno());
            assertThat(real.log()).contains("R0 !read_ok");
            assertThat(real.getMessage()).startsWith("EACCES: BPF_PROG_LOAD program ebld_bad");
            assertThat(k.openFds()).isZero();
        }
    }

    /** libbpf's rule: a buffer at level 0 loads without a log, and a refusal is retried at level 1. */
    @Test
    void levelZeroWithABufferStillGivesTheReasonOfARefusal() {
        try (LinuxKernel k = new LinuxKernel()) {
            LoadedProg ok = k.progLoad(xdp("ebld_quiet", RETURN_2, new LogOptions(0, 4096)));
            assertThat(ok.log()).isEmpty();
            ProgLoadException bad = assertThrows(ProgLoadException.class,
                    () -> k.progLoad(xdp("ebld_bad", List.of(Jump.exit()), new LogOptions(0, 4096))));
            assertThat(bad.log()).contains("R0 !read_ok");
        }
    }

    @Test
    void tooSmallALogBufferIsEnospc() {
        try (LinuxKernel k = new LinuxKernel()) {
            ProgLoadException e = assertThrows(ProgLoadException.class,
                    () -> k.progLoad(xdp("ebld_small", RETURN_2, new LogOptions(2, 8))));
            assertThat(e.errno()).isEqualTo(Errno.ENOSPC);
            assertThat(e.getMessage()).matches("(?s).*verifier log truncated: \\d+ bytes needed, the buffer holds 8\\).*");
            assertThat(k.openFds()).isZero();
        }
    }
}
