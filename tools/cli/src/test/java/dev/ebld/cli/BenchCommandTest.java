package dev.ebld.cli;

import dev.ebld.testkit.RequiresTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A short in-process run of each benchmark, to keep the command working; timings are not judged. */
class BenchCommandTest {

    @Test
    void objdumpBenchRunsInProcess() {
        CliRun r = CliRun.of("bench", "objdump", "--warmup", "0", "--runs", "1",
                "--no-process", CliRun.obj("globals-el.o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("objdump -d: 1 objects", "In-process", "objects/s", "MB/s");
        assertThat(r.out()).doesNotContain("Output identical to llvm-objdump-19 -d: NO");
    }

    @Test
    void btfBenchRunsInProcess() {
        CliRun r = CliRun.of("bench", "btf", "--warmup", "0", "--runs", "1",
                "--no-process", "--no-vmlinux", CliRun.obj("globals-el.o").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("btf dump: 1 objects", "In-process", "objects/s");
    }

    @Test
    @RequiresTool("clang-19")
    void linkBenchGeneratesLinksAndCompares(@TempDir Path work) {
        CliRun r = CliRun.of("bench", "link", "--sizes", "2x3", "--warmup", "0", "--runs", "1",
                "--no-process", "--work-dir", work.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("2x3: 2 objects x 3 functions + 3 variables, 14 global symbols",
                "ebld in-process");
        assertThat(work.resolve("2x3/o1.o")).exists();
    }

    @Test
    @RequiresTool("clang-19")
    @RequiresTool("bpftool")
    void btfHeavyLinkBenchBuildsCoreObjectsAgainstThisKernel(@TempDir Path work) {
        assertThat(Path.of("/sys/kernel/btf/vmlinux")).as("this kernel's BTF, for CO-RE inputs").isReadable();
        CliRun r = CliRun.of("bench", "link", "--btf-heavy", "2", "--warmup", "0", "--runs", "1",
                "--no-process", "--work-dir", work.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("core2: 2 CO-RE objects, [0-9,]+ BTF types in all, linked and"
                + " deduplicated to [0-9,]+").contains("ebld in-process", "us/object");
        assertThat(work.resolve("core2/core1.o")).exists();
    }

    @Test
    void benchWithoutSubcommandIsAUsageError() {
        assertThat(CliRun.of("bench").code()).isEqualTo(Main.USAGE);
    }

    /**
     * Both cases, all three sides (interpreter, compiled, the kernel through bpftool): rows with a
     * time in each column and a ratio for each executor.
     */
    @Test
    @dev.ebld.testkit.RequiresKernel
    void runBenchComparesBothExecutorsWithTheKernel() {
        CliRun r = CliRun.of("bench", "run", "--repeat", "1000", "--rounds", "1", "--warmup", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).containsPattern("single XDP program \\(progs_multi xdp_calls\\) +\\d+ ns +\\d+ ns +\\d+ ns +[0-9.]+x +[0-9.]+x")
                .containsPattern("rootlet \\+ firewall \\+ load balancer \\(dispatcher\\) +\\d+ ns +\\d+ ns +\\d+ ns +[0-9.]+x +[0-9.]+x");
    }
}
