package dev.ebld.linker;

import dev.ebld.testkit.RequiresTool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libbpf's own tools accept ebld's output: {@code bpftool btf dump file} parses its BTF, and
 * {@code bpftool gen object} (libbpf's linker, with its sanity checks of ELF, BTF and BTF.ext)
 * takes it as an input. Needs bpftool, not root.
 */
@RequiresTool("bpftool")
class BpftoolInteropTest {

    static List<Fixtures.Scenario> scenarios() {
        return Fixtures.scenarios("link");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void libbpfReadsTheOutput(Fixtures.Scenario s, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.o");
        Linker.link(s.linkInputs("el"), LinkOptions.defaults()).write(out);
        Kernel.Run dump = Kernel.run(List.of("bpftool", "btf", "dump", "file", out.toString()));
        assertThat(dump.exit()).as(dump.output()).isZero();
        Kernel.Run relink = Kernel.bpftoolLink(tmp.resolve("relinked.o"), List.of(out));
        assertThat(relink.exit()).as(relink.output()).isZero();
    }
}
