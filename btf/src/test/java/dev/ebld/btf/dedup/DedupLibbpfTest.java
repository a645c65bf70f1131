package dev.ebld.btf.dedup;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtReader;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfFormatException;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.BtfWriter;
import dev.ebld.btf.Fixtures;
import dev.ebld.btf.RawElfSections;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ebld's dedup against libbpf's, for the multi-file scenarios of fixtures/scenarios.tsv:
 * <ul>
 * <li>on the same merged input (ebld's concatenation of the inputs' .BTF) against libbpf's
 *     btf__dedup, run live when python3 and libbpf.so.1 are installed: the output must be byte
 *     for byte libbpf's ({@link DedupGoldenTest} checks the same against committed goldens
 *     without any tool);</li>
 * <li>on what {@code bpftool gen object out.o a.o b.o} (libbpf's static linker) writes, run now
 *     when bpftool is installed, else read from fixtures/golden/link: libbpf merges DATASECs and
 *     externs before its dedup, so its input differs from a plain concatenation; deduplicating
 *     its output again, keeping the strings its .BTF.ext needs, must not make it larger.</li>
 * </ul>
 */
class DedupLibbpfTest {

    /** Link scenarios whose inputs are all committed: name, then the input objects. */
    static List<Arguments> scenarios() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.root().resolve("scenarios.tsv"))) {
            String[] f = line.split("\t");
            if (f.length < 3 || !f[1].equals("link")) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(f[0]));
            for (String in : f[2].split(" ")) {
                row.add(Fixtures.root().resolve("obj/" + in + "-el.o").toString());
            }
            if (row.stream().skip(1).allMatch(p -> Files.exists(Path.of(p)))) {
                out.add(Arguments.of(f[0], (Object) row.toArray(new String[0])));
            }
        }
        return out;
    }

    private static Btf merged(String[] scenario) throws Exception {
        List<Btf> inputs = new ArrayList<>();
        for (int i = 1; i < scenario.length; i++) {
            inputs.add(BtfFiles.read(Path.of(scenario[i])));
        }
        return Concat.concat(inputs).merged();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void byteIdenticalToLiveLibbpfOnTheSameMergedInput(String name, String[] scenario) throws Exception {
        LibbpfDedup.assumeAvailable(name + " against live libbpf (DedupGoldenTest still compares)");
        Btf merged = merged(scenario);
        LibbpfDedup.Result live = LibbpfDedup.dedup(BtfWriter.write(merged), 1);
        byte[] mine = BtfWriter.write(Dedup.dedup(merged).btf());
        System.out.printf("[libbpf] %s: ebld %d bytes, libbpf %d types %d bytes%n", name, mine.length,
                live.runs()[0].types(), live.runs()[0].bytes());
        assertThat(mine).isEqualTo(live.output());
    }

    /**
     * The scenarios libbpf's linker can link: those with a golden {@code bpftool gen object}
     * output. (The others are checked to be ones it refuses, by {@link #onlyScenariosLibbpfRefusesLackAGolden}.)
     */
    static List<Arguments> linkableScenarios() throws Exception {
        return scenarios().stream().filter(a -> Files.exists(golden((String) a.get()[0]))).toList();
    }

    /** Each scenario left out of {@link #linkableScenarios} has a golden log of bpftool failing. */
    @org.junit.jupiter.api.Test
    void onlyScenariosLibbpfRefusesLackAGolden() throws Exception {
        for (Arguments a : scenarios()) {
            String name = (String) a.get()[0];
            if (!Files.exists(golden(name))) {
                Path log = Fixtures.root().resolve("golden/link/" + name + ".log");
                assertThat(log).as(name + ": neither a golden object nor bpftool's log").exists();
                assertThat(Files.readString(log)).as(name).containsPattern("(?m)^exit: [1-9]");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkableScenarios")
    void notLargerThanBpftoolGenObject(String name, String[] scenario) throws Exception {
        Optional<byte[]> linked = bpftoolGenObject(name, scenario);
        assertThat(linked).as("bpftool gen object output for " + name).isPresent();
        Btf theirs = BtfReader.read(RawElfSections.section(linked.get(), ".BTF").orElseThrow());
        List<String> keep = RawElfSections.section(linked.get(), ".BTF.ext")
                .map(ext -> readExt(ext, theirs)).map(DedupExt::strings).orElse(List.of());
        Btf mine = Dedup.dedup(theirs, keep).btf();
        int theirBytes = BtfWriter.write(theirs).length;
        int myBytes = BtfWriter.write(mine).length;
        System.out.printf("[gen object] %s: libbpf linker %d types %d bytes, ebld dedup of it %d types %d bytes%n",
                name, theirs.typeCount(), theirBytes, mine.typeCount(), myBytes);
        assertThat(mine.typeCount()).isLessThanOrEqualTo(theirs.typeCount());
        assertThat(myBytes).isLessThanOrEqualTo(theirBytes);
    }

    private static BtfExt readExt(byte[] ext, Btf btf) {
        try {
            return BtfExtReader.read(ext, btf);
        } catch (BtfFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** bpftool's linked object, made now, or the committed golden when bpftool is absent or fails. */
    private static Optional<byte[]> bpftoolGenObject(String name, String[] scenario) throws Exception {
        if (Bpftool.onPath("bpftool")) {
            Path out = Files.createTempFile("ebld-gen-" + name, ".o");
            try {
                List<String> args = new ArrayList<>(List.of("gen", "object", out.toString()));
                args.addAll(List.of(scenario).subList(1, scenario.length));
                Bpftool.run(args.toArray(new String[0]));
                return Optional.of(Files.readAllBytes(out));
            } catch (AssertionError e) {
                System.out.println("[gen object] " + name + ": bpftool failed, using the golden if any");
            } finally {
                Files.deleteIfExists(out);
            }
        }
        Path golden = golden(name);
        return Files.exists(golden) ? Optional.of(Files.readAllBytes(golden)) : Optional.empty();
    }

    private static Path golden(String scenario) {
        return Fixtures.root().resolve("golden/link/" + scenario + ".o");
    }
}
