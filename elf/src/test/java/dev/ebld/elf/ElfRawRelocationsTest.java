package dev.ebld.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ElfReader#read(byte[], String, Predicate)}: relocation tables left undecoded on request. */
class ElfRawRelocationsTest {
    private static final Predicate<String> DWARF = n -> n.startsWith(".debug_");

    static List<Path> fixtures() {
        return ElfFixtures.objects();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rawTablesKeepTheirBytesAndEverythingElseIsDecodedAsUsual(Path obj) throws Exception {
        byte[] original = ElfFixtures.bytes(obj);
        ElfObject full = ElfReader.read(original, obj.toString());
        ElfObject lazy = ElfReader.read(original, obj.toString(), DWARF);
        assertThat(ElfWriter.write(lazy)).isEqualTo(original);
        assertThat(lazy.sections()).hasSameSizeAs(full.sections());
        for (Section s : full.sections()) {
            Section l = lazy.section(s.index());
            boolean raw = s.content() instanceof SectionContent.Relocations
                    && DWARF.test(full.section(s.info()).name());
            if (raw) {
                assertThat(l.content()).isInstanceOf(SectionContent.Bytes.class);
                assertThat(l.data()).isEqualTo(slice(original, s));
            } else if (!(s.content() instanceof SectionContent.Bytes)) {
                assertThat(l.content()).isEqualTo(s.content());
            } else {
                assertThat(l.data()).isEqualTo(s.data());
            }
        }
    }

    @Test
    void fixturesCompiledWithDebugInfoHaveDwarfRelocations() throws Exception {
        // Guards the test above against vacuously passing on objects without DWARF.
        Path obj = ElfFixtures.root().resolve("obj/link_calls_a-el.o");
        ElfObject lazy = ElfReader.read(ElfFixtures.bytes(obj), obj.toString(), DWARF);
        assertThat(lazy.sections()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo(".rel.debug_info");
            assertThat(s.content()).isInstanceOf(SectionContent.Bytes.class);
        });
    }

    @Test
    void rawTablesAreNotCheckedEntryByEntry() throws Exception {
        Path obj = ElfFixtures.root().resolve("obj/link_calls_a-el.o");
        byte[] bytes = ElfFixtures.bytes(obj).clone();
        Section rel = ElfFixtures.read(obj).section(".rel.debug_info").orElseThrow();
        // First entry's symbol index (high half of r_info, little-endian) far past the symbol table.
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) rel.fileOffset() + 12, 0x7fffffff);
        assertThatThrownBy(() -> ElfReader.read(bytes, "bad.o"))
                .isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("outside the symbol table");
        ElfObject lazy = ElfReader.read(bytes, "bad.o", DWARF);
        assertThat(lazy.section(rel.index()).data()).isEqualTo(slice(bytes, rel));
    }

    private static byte[] slice(byte[] file, Section s) {
        return java.util.Arrays.copyOfRange(file, (int) s.fileOffset(), (int) (s.fileOffset() + s.size()));
    }
}
