package dev.ebld.loader.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulated kernel's BTF has the context structs and the types the CO-RE fixtures need. */
class KernelBtfTest {
    private static final Btf BTF = new SimKernel().rootProcess().vmlinuxBtf();

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({
        "xdp_md, STRUCT", "__sk_buff, STRUCT", "bpf_raw_tracepoint_args, STRUCT",
        "pt_regs, STRUCT", "bpf_spin_lock, STRUCT", "bpf_sock, STRUCT", "task_struct, STRUCT",
        "pid_type, ENUM", "bpf_prog_active, VAR",
    })
    void hasType(String name, BtfKind kind) {
        assertTrue(BTF.find(name, kind).isPresent(), name);
    }

    /** The machine's own vmlinux BTF can stand in for the built-in one, task layout included. */
    @org.junit.jupiter.api.Test
    @dev.ebld.testkit.RequiresKernel
    void realVmlinuxBtfCanBeUsed() throws Exception {
        java.nio.file.Path vmlinux = java.nio.file.Path.of("/sys/kernel/btf/vmlinux");
        // Under @RequiresKernel the machine's BTF is part of the oracle (as in
        // FixtureDifferentialTest.machineLike): its absence fails rather than silently skips.
        assertTrue(java.nio.file.Files.isReadable(vmlinux), "no " + vmlinux);
        SimKernel k = new SimKernel().vmlinuxBtf(vmlinux);
        Btf real = k.rootProcess().vmlinuxBtf();
        assertTrue(real.find("xdp_md", BtfKind.STRUCT).isPresent());
        assertTrue(real.typeCount() > 10_000, "the real kernel has many types");
        assertTrue(k.currentTaskAddress() != 0, "task_struct laid out from the real BTF");
    }
}
