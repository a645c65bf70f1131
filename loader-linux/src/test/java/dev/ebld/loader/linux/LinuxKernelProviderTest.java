package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.KernelBackends;
import dev.ebld.loader.kernel.KernelHandle;
import dev.ebld.loader.kernel.KernelUnavailableException;
import dev.ebld.testkit.RequiresKernel;
import org.junit.jupiter.api.Test;

/** The real kernel found by name through META-INF/services, as release-17 tools reach it. */
class LinuxKernelProviderTest {
    @Test
    @RequiresKernel
    void linuxIsFoundByNameAndTheProbeLeavesNoFdOpen() {
        try (KernelHandle k = KernelBackends.open("linux")) {
            assertThat(k).isInstanceOf(LinuxKernel.class);
            assertThat(((LinuxKernel) k).openFds()).isZero();
        }
    }

    @Test
    void anotherNameListsLinuxAsFound() {
        KernelUnavailableException e = assertThrows(KernelUnavailableException.class,
                () -> KernelBackends.open("plan9"));
        assertThat(e.getMessage()).isEqualTo("no kernel backend named 'plan9' on the class path (found: linux)");
    }

    @Test
    void aRefusedProbeSaysWhatToDo() {
        assertThat(LinuxKernelProvider.refusal(Errno.EPERM))
                .isEqualTo("bpf(2) refused: EPERM — run as root or grant CAP_BPF");
        assertThat(LinuxKernelProvider.refusal(Errno.ENOSYS)).contains("CONFIG_BPF_SYSCALL");
        assertThat(LinuxKernelProvider.refusal(Errno.EINVAL))
                .isEqualTo("bpf(2) refused: EINVAL (creating a one-entry array map)");
    }
}
