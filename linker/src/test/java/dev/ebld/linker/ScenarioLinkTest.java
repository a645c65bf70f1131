package dev.ebld.linker;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every multi-file scenario links in both byte orders, and the output reads back as valid. */
class ScenarioLinkTest {

    static Stream<Object[]> linkScenarios() {
        return Fixtures.scenarios("link").stream()
                .flatMap(s -> Stream.of(new Object[] {s, "el"}, new Object[] {s, "eb"}));
    }

    static Linked link(Fixtures.Scenario s, String endian) throws LinkException {
        List<LinkInput> ins = s.linkInputs(endian);
        return Linker.link(ins, LinkOptions.defaults());
    }

    @ParameterizedTest(name = "{0}-{1}")
    @MethodSource("linkScenarios")
    void linksAndReadsBack(Fixtures.Scenario s, String endian) throws Exception {
        Linked linked = link(s, endian);
        ElfObject back = ElfReader.read(ElfWriter.write(linked.object()), s.name());
        Section symtab = back.symbolTableSection().orElseThrow();
        List<ElfSymbol> syms = back.symbols();
        for (int i = 1; i < syms.size(); i++) {
            assertThat(syms.get(i).isLocal()).as("symbol %d local-ness vs sh_info %d", i, symtab.info())
                    .isEqualTo(i < symtab.info());
        }
        assertThat(back.sections()).noneMatch(x -> x.name().startsWith(".debug"));
        assertThat(back.sections()).anyMatch(x -> x.name().equals(".BTF"));
        assertThat(back.sections().stream().filter(x -> x.name().equals("license"))).hasSize(1);
        assertThat(back.sections()).allMatch(x -> x.type() != SectionType.SHT_LLVM_ADDRSIG);
    }
}
