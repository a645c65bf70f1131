package dev.ebld.loader.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine facts, read from a fake tree laid out like / (no kernel needed). */
class MachineFactsTest {
    @TempDir
    Path root;

    private void write(String path, String text) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void versionIsKernelVersionOfTheReleaseWithThePatchCapped() {
        assertThat(MachineFacts.kernelVersion("6.18.44-fc-v1147")).isEqualTo((6 << 16) + (18 << 8) + 44);
        assertThat(MachineFacts.kernelVersion("4.9.337")).isEqualTo((4 << 16) + (9 << 8) + 255);
        assertThat(MachineFacts.kernelVersion("6.1")).isEqualTo((6 << 16) + (1 << 8));
        assertThrows(IllegalStateException.class, () -> MachineFacts.kernelVersion("linux"));
    }

    @Test
    void possibleCpusIsTheHighestCpuPlusOne() throws Exception {
        write("sys/devices/system/cpu/possible", "0,2-5\n");
        assertThat(new MachineFacts(root, "6.1.0").possibleCpus()).isEqualTo(6);
    }

    @Test
    void kconfigPrefersBootThenProcConfigGz() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("# CONFIG_A is not set\nCONFIG_BPF=y\nCONFIG_HZ=250\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.createDirectories(root.resolve("proc"));
        Files.write(root.resolve("proc/config.gz"), gz.toByteArray());
        assertThat(new MachineFacts(root, "6.1.0").kconfig()).containsEntry("CONFIG_BPF", "y")
                .containsEntry("CONFIG_HZ", "250").doesNotContainKey("CONFIG_A");
        write("boot/config-6.1.0", "CONFIG_NAME=\"boot\"\n");
        assertThat(new MachineFacts(root, "6.1.0").kconfig()).containsOnlyKeys("CONFIG_NAME");
    }

    @Test
    void kallsymsKeepsTheFirstAddressOfAName() throws Exception {
        write("proc/kallsyms", "ffffffff81000000 T _stext\nffffffffc0001000 t dup [mod]\nffffffffc0002000 t dup [other]\n");
        MachineFacts f = new MachineFacts(root, "6.1.0");
        assertThat(f.kallsyms()).containsEntry("_stext", 0xffffffff81000000L).containsEntry("dup", 0xffffffffc0001000L);
    }

    /** The facts of this machine, as the loader gets them from a LinuxKernel. */
    @Test
    @dev.ebld.testkit.RequiresKernel
    void theRunningKernelsFacts() throws Exception {
        try (LinuxKernel k = new LinuxKernel()) {
            assertThat(k.byteOrder()).isEqualTo(java.nio.ByteOrder.nativeOrder());
            assertThat(k.possibleCpus()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
            String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
            assertThat(k.kernelVersion() >>> 16).isEqualTo(Integer.parseInt(release.split("\\.")[0]));
            assertThat(k.vmlinuxBtf().typeCount()).isGreaterThan(1000);
            assertThat(k.kallsyms("bpf_prog_put")).isPresent();
            assertThat(k.kallsyms("ebld_no_such_symbol")).isEmpty();
            assertThat(k.kconfig()).containsEntry("CONFIG_BPF", "y");
        }
    }

    @Test
    void unknownArchitecturesAreRefused() {
        assertThat(BpfSyscall.sysBpf("amd64")).isEqualTo(321);
        assertThat(BpfSyscall.sysBpf("aarch64")).isEqualTo(280);
        assertThat(assertThrows(UnsupportedOperationException.class, () -> BpfSyscall.sysBpf("s390x")).getMessage())
                .contains("s390x");
    }
}
