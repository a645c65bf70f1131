package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ElfRoundTripTest {

    static List<Path> fixtures() {
        return ElfFixtures.objects();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readThenWriteIsByteIdentical(Path obj) throws Exception {
        byte[] original = ElfFixtures.bytes(obj);
        ElfObject parsed = ElfReader.read(original, obj.toString());
        assertThat(ElfWriter.write(parsed)).isEqualTo(original);
    }

    static List<Path> libbpfLinked() {
        return ElfFixtures.libbpfLinkedObjects();
    }

    /** libbpf's linker lays files out differently (and leaves .symtab sh_info 0). */
    @ParameterizedTest
    @MethodSource("libbpfLinked")
    void libbpfLinkedObjectsRoundTripToo(Path obj) throws Exception {
        byte[] original = ElfFixtures.bytes(obj);
        assertThat(ElfWriter.write(ElfReader.read(original, obj.toString()))).isEqualTo(original);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void layOutKeepsTheModelReadable(Path obj) throws Exception {
        // A fresh layout moves every section; the result must read back to the same contents.
        ElfObject parsed = ElfFixtures.read(obj);
        ElfObject moved = ElfReader.read(ElfWriter.write(parsed.layOut()), "moved");
        assertThat(moved.sections()).hasSameSizeAs(parsed.sections());
        for (int i = 0; i < parsed.sections().size(); i++) {
            Section a = parsed.section(i);
            Section b = moved.section(i);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.size()).isEqualTo(a.size());
            if (a.content() instanceof SectionContent.Bytes) {
                assertThat(b.data()).isEqualTo(a.data());
            } else {
                assertThat(b.content()).isEqualTo(a.content());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesBothByteOrdersAlike(Path obj) {
        String name = obj.getFileName().toString();
        if (!name.endsWith("-el.o")) {
            return;
        }
        Path twin = obj.resolveSibling(name.replace("-el.o", "-eb.o"));
        if (!Files.exists(twin)) {
            return;
        }
        ElfObject el = ElfFixtures.read(obj);
        ElfObject eb = ElfFixtures.read(twin);
        assertThat(el.header().byteOrder()).isNotEqualTo(eb.header().byteOrder());
        // Code generation may differ between byte orders (sizes, relocation counts); names,
        // kinds and bindings must not.
        assertThat(eb.sections()).extracting(Section::name, Section::type)
                .isEqualTo(el.sections().stream().map(s -> tuple(s.name(), s.type())).toList());
        assertThat(eb.symbols()).extracting(ElfSymbol::name, ElfSymbol::info, ElfSymbol::shndx)
                .isEqualTo(el.symbols().stream()
                        .map(s -> tuple(s.name(), s.info(), s.shndx())).toList());
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path obj = ElfFixtures.objects().get(0);
        Path out = dir.resolve("out.o");
        Files.write(out, new byte[] {1, 2, 3});
        ElfWriter.write(ElfFixtures.read(obj), out);
        assertThat(Files.readAllBytes(out)).isEqualTo(ElfFixtures.bytes(obj));
        assertThat(listNames(dir)).containsExactly("out.o");
    }

    @Test
    void failedAtomicWriteLeavesNothing(@TempDir Path dir) throws Exception {
        Path obj = ElfFixtures.objects().get(0);
        Path target = dir.resolve("is-a-directory");
        Files.createDirectory(target);
        Files.write(target.resolve("keep"), new byte[] {1});
        try {
            ElfWriter.write(ElfFixtures.read(obj), target);
        } catch (IOException expected) {
            // Renaming a file over a non-empty directory fails; what matters is what is left.
        }
        assertThat(listNames(dir)).containsExactly("is-a-directory");
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
