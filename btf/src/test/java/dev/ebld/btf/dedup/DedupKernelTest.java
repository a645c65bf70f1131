package dev.ebld.btf.dedup;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfExtWriter;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfWriter;
import dev.ebld.btf.Fixtures;

import dev.ebld.testkit.Oracles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.Section;
import dev.ebld.elf.SectionContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kernel accepts objects that carry deduplicated BTF: each kernel-verified single-file
 * fixture gets {@code .BTF := dedup(concat(btf, btf))} with its {@code .BTF.ext} remapped onto
 * the first copy, and {@code bpftool prog loadall} must load every program. Doubling the input
 * makes dedup do real work (every type has a twin) while the result must stay loadable.
 */
class DedupKernelTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");

    @BeforeAll
    static void needKernel() {
        Oracles.assumeKernel("kernel loads deduplicated BTF");
    }

    /** Single-file scenarios whose programs the kernel loads, per fixtures/scenarios.tsv. */
    static List<String> scenarios() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.root().resolve("scenarios.tsv"))) {
            String[] f = line.split("\t");
            if (f.length >= 6 && f[1].equals("single") && f[3].equals("ok") && f[5].equals("kernel")
                    && Files.exists(Fixtures.root().resolve("obj/" + f[2] + "-el.o"))) {
                out.add(f[2]);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void objectWithDoubledDedupedBtfLoads(String name) throws Exception {
        Path src = Fixtures.root().resolve("obj/" + name + "-el.o");
        Path dir = Files.createTempDirectory("ebld-dedup");
        Path out = dir.resolve(name + ".o");
        Files.write(out, rewrite(ElfReader.read(src)));
        Path pins = BPFFS.resolve("ebld-dedup-" + ProcessHandle.current().pid() + "-" + name);
        try {
            Bpftool.run("prog", "loadall", out.toString(), pins.toString());
            try (Stream<Path> progs = Files.list(pins)) {
                assertThat(progs.count()).isPositive();
            }
            System.out.println("[kernel] " + name + ": loaded with doubled, deduplicated BTF");
        } finally {
            deleteTree(pins);
            deleteTree(dir);
        }
    }

    /** The object with .BTF = dedup(concat(btf, btf)) and .BTF.ext remapped to the first copy. */
    static byte[] rewrite(ElfObject elf) throws Exception {
        Btf btf = BtfFiles.fromElf(elf, null);
        Optional<BtfExt> ext = BtfFiles.extFromElf(elf, btf);
        Concat.Result two = Concat.concat(List.of(btf, secondCopy(btf)));
        DedupResult r = Dedup.dedup(two.merged(), ext.map(DedupExt::strings).orElse(List.of()));
        assertThat(r.btf().typeCount()).isLessThan(two.merged().typeCount());
        List<Section> sections = new ArrayList<>();
        for (Section s : elf.sections()) {
            if (s.name().equals(BtfFiles.BTF_SECTION)) {
                s = s.withContent(new SectionContent.Bytes(BtfWriter.write(r.btf())));
            } else if (s.name().equals(BtfFiles.BTF_EXT_SECTION) && ext.isPresent()) {
                BtfExt moved = DedupExt.remap(ext.get(), id -> r.newId(two.mergedId(0, id)), r.stringOffsets());
                s = s.withContent(new SectionContent.Bytes(BtfExtWriter.write(moved)));
            }
            sections.add(s);
        }
        ElfObject changed = new ElfObject(elf.file(), elf.header(), sections, elf.shstrndx(), 0).layOut();
        return ElfWriter.write(changed);
    }

    /**
     * The input again, for the second half of the doubled BTF. libbpf 1.1 sizes only the first
     * {@code .kconfig} and {@code .ksyms} DATASEC of an object and then fails ("Error finalizing
     * .BTF: -2") on a second one, so for objects with externs the copy leaves out its DATASECs
     * (clang emits them last). A linker never emits two DATASECs of one name anyway.
     */
    static Btf secondCopy(Btf btf) {
        boolean externs = btf.find(".kconfig", BtfKind.DATASEC).isPresent()
                || btf.find(".ksyms", BtfKind.DATASEC).isPresent();
        if (!externs) {
            return btf;
        }
        List<BtfType> types = btf.types();
        int keep = types.size();
        while (keep > 0 && types.get(keep - 1).kind() == BtfKind.DATASEC) {
            keep--;
        }
        for (BtfType t : types.subList(0, keep)) {
            assertThat(t.kind()).as("DATASECs come last").isNotEqualTo(BtfKind.DATASEC);
        }
        return Btf.of(types.subList(0, keep), btf.strings(), btf.byteOrder(), null);
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}
