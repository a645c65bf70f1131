package dev.ebld.btf.dedup;

import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.BtfWriter;
import dev.ebld.btf.Fixtures;
import dev.ebld.btf.dump.RawDump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ebld's dedup is byte for byte libbpf's, with no tool installed: for every multi-file scenario
 * of fixtures/scenarios.tsv, {@link Concat} then {@link Dedup} of the inputs' .BTF must give
 * exactly {@code fixtures/golden/dedup/<scenario>.btf}, which libbpf 1.1 made from the same
 * objects ({@code btf__add_btf} into one BTF, then {@code btf__dedup}; fixtures/libbpf-dedup.py,
 * run by {@code fixtures/build.sh dedup}).
 */
class DedupGoldenTest {

    static Path golden(String scenario) {
        return Fixtures.root().resolve("golden/dedup/" + scenario + ".btf");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ebld.btf.dedup.DedupLibbpfTest#scenarios")
    void byteIdenticalToLibbpfGolden(String name, String[] scenario) throws Exception {
        List<Btf> inputs = new ArrayList<>();
        for (int i = 1; i < scenario.length; i++) {
            inputs.add(BtfFiles.read(Path.of(scenario[i])));
        }
        byte[] mine = BtfWriter.write(Dedup.dedup(Concat.concat(inputs).merged()).btf());
        byte[] theirs = Files.readAllBytes(golden(name));
        if (!java.util.Arrays.equals(mine, theirs)) {
            // the raw dumps say where they part, which two byte arrays do not
            assertThat(RawDump.text(BtfReader.read(mine))).as(name).isEqualTo(RawDump.text(BtfReader.read(theirs)));
        }
        assertThat(mine).as(name).isEqualTo(theirs);
    }

    /** Every scenario the test above runs has its golden, and there are scenarios at all. */
    @Test
    void everyLinkScenarioHasAGolden() throws Exception {
        List<String> names = new ArrayList<>();
        DedupLibbpfTest.scenarios().forEach(a -> names.add((String) a.get()[0]));
        assertThat(names).hasSizeGreaterThanOrEqualTo(19);
        assertThat(names).allSatisfy(n -> assertThat(golden(n)).exists());
    }
}
