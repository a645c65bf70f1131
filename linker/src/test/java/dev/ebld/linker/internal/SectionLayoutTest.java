package dev.ebld.linker.internal;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkDiagnosticKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SectionLayoutTest {
    @TempDir
    Path dir;

    private static ElfObject obj(String file, long dataAlign, int dataLen, long dataFlags, String license) {
        ElfBuilder b = Objs.builder(file);
        b.addSection(".data", SectionType.SHT_PROGBITS, dataFlags, dataAlign, new byte[dataLen]);
        b.addSection("license", SectionType.SHT_PROGBITS, Objs.DATA, 1, (license + "\0").getBytes(StandardCharsets.US_ASCII));
        b.addSection(".debug_info", SectionType.SHT_PROGBITS, 0, 1, new byte[3]);
        return b.build();
    }

    private SectionLayout.Result layOut(ElfObject... objs) throws Exception {
        InputSet in = Objs.read(Objs.write(dir, objs));
        return SectionLayout.layOut(in, SymbolResolver.resolve(in).resolution());
    }

    @Test
    void concatenatesAtEachInputsAlignmentAndKeepsTheLargest() throws Exception {
        SectionLayout.Result r = layOut(obj("a.o", 4, 5, Objs.DATA, "GPL"), obj("b.o", 8, 4, Objs.DATA, "GPL"));
        OutputSection data = r.layout().sections().get(0);
        assertThat(data.name()).isEqualTo(".data");
        assertThat(data.pieces()).extracting(Piece::outOffset).containsExactly(0L, 8L);
        assertThat(data.size()).isEqualTo(12);
        assertThat(data.align()).isEqualTo(8);
        assertThat(r.layout().map(1, 1, 2)).contains(10L);
    }

    @Test
    void licenseIsKeptOnceAndDwarfIsDropped() throws Exception {
        SectionLayout.Result r = layOut(obj("a.o", 4, 4, Objs.DATA, "GPL"), obj("b.o", 4, 4, Objs.DATA, "GPL"));
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(r.layout().sections()).extracting(OutputSection::name).containsExactly(".data", "license");
        assertThat(r.layout().sections().get(1).size()).isEqualTo(4);
        assertThat(r.layout().map(1, 2, 0)).contains(0L);
    }

    @Test
    void differingLicensesAreAnError() throws Exception {
        SectionLayout.Result r = layOut(obj("a.o", 4, 4, Objs.DATA, "GPL"), obj("b.o", 4, 4, Objs.DATA, "Dual BSD/GPL"));
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LinkDiagnosticKind.LICENSE_MISMATCH);
            assertThat(d.message()).contains("\"Dual BSD/GPL\" here but \"GPL\" in");
        });
    }

    @Test
    void sameNamedSectionsWithOtherFlagsAreAnError() throws Exception {
        SectionLayout.Result r = layOut(obj("a.o", 4, 4, Objs.DATA, "GPL"),
                obj("b.o", 4, 4, SectionType.SHF_ALLOC, "GPL"));
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LinkDiagnosticKind.SECTION_MISMATCH);
            assertThat(d.message()).contains("flags 0x2 vs 0x3");
        });
    }
}
