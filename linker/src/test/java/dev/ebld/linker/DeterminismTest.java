package dev.ebld.linker;

import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfWriter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same inputs, same bytes; and relinking is idempotent: {@code link(link(a, b))} has the same
 * sections, symbols, relocations and BTF as {@code link(a, b)} (the kernel selftests check the
 * same property of libbpf's linker).
 */
class DeterminismTest {

    static Stream<Object[]> scenarios() {
        return ScenarioLinkTest.linkScenarios();
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("scenarios")
    void linkingTwiceGivesTheSameBytes(Fixtures.Scenario s, String endian, @TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a.o");
        Path b = tmp.resolve("b.o");
        Linker.link(s.linkInputs(endian), LinkOptions.defaults()).write(a);
        Linker.link(s.linkInputs(endian), LinkOptions.defaults()).write(b);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("scenarios")
    void relinkingIsIdempotent(Fixtures.Scenario s, String endian, @TempDir Path tmp) throws Exception {
        Path once = tmp.resolve("once.o");
        Path twice = tmp.resolve("twice.o");
        Linker.link(s.linkInputs(endian), LinkOptions.defaults()).write(once);
        Linker.link(List.of(LinkInput.of(once)), LinkOptions.defaults()).write(twice);
        List<String> first = ObjectSummary.of(ElfReader.read(once));
        List<String> second = ObjectSummary.of(ElfReader.read(twice));
        assertThat(second).containsExactlyElementsOf(first);
        // In fact the bytes agree too: layout, string tables and BTF are all order-stable.
        assertThat(Files.readAllBytes(twice)).isEqualTo(Files.readAllBytes(once));
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("scenarios")
    void inMemoryAndWrittenAgree(Fixtures.Scenario s, String endian, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out.o");
        Linker.link(s.linkInputs(endian), LinkOptions.defaults()).write(out);
        byte[] mem = ElfWriter.write(Linker.link(s.linkInputs(endian), LinkOptions.defaults()).object());
        assertThat(Files.readAllBytes(out)).isEqualTo(mem);
    }
}
