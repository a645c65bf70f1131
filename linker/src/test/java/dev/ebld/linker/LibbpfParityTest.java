package dev.ebld.linker;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where libbpf's linker succeeded ({@code fixtures/golden/link/<scenario>.readelf.txt}, from
 * {@code bpftool gen object}), ebld lays out the same content sections with the same sizes and
 * alignments; the one intended difference is {@code .maps}, where ebld leaves out losing weak
 * maps. (libbpf's object is compared through llvm-readelf's listing: ebld's reader refuses its
 * symbol table, whose {@code sh_info} is 0.)
 */
class LibbpfParityTest {

    static Stream<Fixtures.Scenario> withPeerOutput() {
        return Fixtures.scenarios("link").stream()
                .filter(s -> Files.exists(Fixtures.dir().resolve("golden/link/" + s.name() + ".readelf.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withPeerOutput")
    void sameContentSectionsAsLibbpf(Fixtures.Scenario s) throws Exception {
        ElfObject ours = Linker.link(s.linkInputs("el"), LinkOptions.defaults()).object();
        Map<String, String> mine = new TreeMap<>();
        for (Section sec : ours.sections()) {
            if (sec.type() == SectionType.SHT_PROGBITS && !sec.name().startsWith(".BTF")
                    || sec.type() == SectionType.SHT_NOBITS) {
                mine.put(sec.name(), sec.size() + "/" + sec.addralign());
            }
        }
        Map<String, String> peer = libbpfSections(s.name());
        if (s.name().startsWith("link_maps")) {
            assertThat(mine.remove(".maps")).isNotNull();
            assertThat(peer.remove(".maps")).isNotNull();
        }
        assertThat(mine).isEqualTo(peer);
    }

    /** Content sections (name to size/alignment) from llvm-readelf's listing of libbpf's output. */
    private static Map<String, String> libbpfSections(String scenario) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(Fixtures.dir().resolve("golden/link/" + scenario + ".readelf.txt"))) {
            String[] f = line.trim().replace("[ ", "[").split("\\s+");
            if (f.length >= 10 && f[0].startsWith("[") && (f[2].equals("PROGBITS") || f[2].equals("NOBITS"))
                    && !f[1].startsWith(".BTF")) {
                out.put(f[1], Long.parseLong(f[5], 16) + "/" + f[f.length - 1]);
            }
        }
        return out;
    }
}
