package dev.ebld.linker.internal;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.Relocation;
import dev.ebld.elf.SectionType;
import dev.ebld.linker.LinkDiagnosticKind;
import dev.ebld.linker.LinkInput;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class InputReaderTest {
    @TempDir
    Path dir;

    /** An object defining {@code defines} and calling each of {@code calls}. */
    static ElfObject obj(String file, String defines, String... calls) {
        ElfBuilder b = Objs.builder(file);
        List<byte[]> code = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            code.add(Objs.call(-1));
        }
        code.add(Objs.exit());
        int text = b.addSection(".text", SectionType.SHT_PROGBITS, Objs.EXEC, 8, Objs.concat(code.toArray(new byte[0][])));
        Objs.global(b, defines, ElfSymbol.STT_FUNC, text, 0, 8L * code.size());
        List<ElfBuilder.Reloc> relocs = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            relocs.add(new ElfBuilder.Reloc(8L * i, Objs.extern(b, calls[i]), Relocation.R_BPF_64_32));
        }
        if (!relocs.isEmpty()) {
            b.addRelocations(text, relocs);
        }
        return b.build();
    }

    private Path archive(String name, List<String> names, List<byte[]> members) throws IOException {
        Path p = dir.resolve(name);
        try (ArArchiveOutputStream out = new ArArchiveOutputStream(Files.newOutputStream(p))) {
            for (int i = 0; i < names.size(); i++) {
                out.putArchiveEntry(new ArArchiveEntry(names.get(i), members.get(i).length));
                out.write(members.get(i));
                out.closeArchiveEntry();
            }
        }
        return p;
    }

    private Path lib() throws IOException {
        // m1 defines f (needed by main) and needs g; m2 defines g; m3 is garbage and never needed.
        return archive("lib.a", List.of("m1.o", "m2.o", "m3.o", "m4.o"), List.of(
                ElfWriter.write(obj("m1.o", "f", "g")), ElfWriter.write(obj("m2.o", "g")),
                "not an object".getBytes(), ElfWriter.write(obj("m4.o", "unused"))));
    }

    private static List<String> names(InputReader.Result r) {
        return r.inputs().files().stream().map(InputFile::name).map(n -> n.substring(n.lastIndexOf('/') + 1)).toList();
    }

    @Test
    void pullsOnlyMembersThatDefineUndefinedSymbolsToAFixedPoint() throws Exception {
        List<LinkInput> ins = new ArrayList<>(Objs.write(dir, obj("main.o", "main", "f")));
        ins.add(LinkInput.of(lib()));
        InputReader.Result r = InputReader.read(ins);
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(names(r)).containsExactly("main.o", "lib.a(m1.o)", "lib.a(m2.o)");
        assertThat(r.inputs().skipped()).hasSize(1).allMatch(s -> s.endsWith("lib.a(m4.o)"));
    }

    @Test
    void wholeArchiveTakesEveryMemberAndReportsBadOnes() throws Exception {
        InputReader.Result r = InputReader.read(List.of(new LinkInput(lib(), true)));
        assertThat(names(r)).containsExactly("lib.a(m1.o)", "lib.a(m2.o)", "lib.a(m4.o)");
        assertThat(r.diagnostics().all()).singleElement()
                .satisfies(d -> assertThat(d.format()).contains("lib.a(m3.o)").contains("error"));
    }

    @Test
    void readsGzipAndXzCompressedInputs() throws Exception {
        byte[] plain = ElfWriter.write(obj("a.o", "a"));
        Path gz = dir.resolve("a.o.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(plain);
        }
        Path xz = dir.resolve("b.o.xz");
        try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(xz))) {
            out.write(ElfWriter.write(obj("b.o", "b")));
        }
        InputReader.Result r = InputReader.read(List.of(LinkInput.of(gz), LinkInput.of(xz)));
        assertThat(r.diagnostics().all()).isEmpty();
        assertThat(r.inputs().files()).hasSize(2);
        assertThat(r.inputs().files().get(1).symbols()).anyMatch(s -> s.name().equals("b"));
    }

    /** .BTF.ext shares its magic check with .BTF: the diagnostic must still name .BTF.ext. */
    @Test
    void aCorruptBtfExtIsLocatedInBtfExt() throws Exception {
        ElfBuilder b = Objs.builder("ext.o");
        byte[] btf = dev.ebld.btf.BtfWriter.write(dev.ebld.btf.Btf.of(List.of(),
                dev.ebld.btf.BtfStrings.of(new byte[1]), java.nio.ByteOrder.LITTLE_ENDIAN, null));
        b.addSection(".BTF", SectionType.SHT_PROGBITS, 0, 4, btf);
        b.addSection(".BTF.ext", SectionType.SHT_PROGBITS, 0, 4, new byte[32]); // magic 0x0000
        InputReader.Result r = InputReader.read(Objs.write(dir, b.build()));
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LinkDiagnosticKind.BTF_FORMAT);
            assertThat(d.location()).isEqualTo(dev.ebld.diag.Location.at(dir.resolve("ext.o").toString(), ".BTF.ext", 0));
            assertThat(d.message()).isEqualTo(".BTF.ext header at offset 0x0: bad magic 0x0000, expected 0xeb9f");
        });
    }

    @Test
    void aMissingFileIsUnreadable() {
        InputReader.Result r = InputReader.read(List.of(LinkInput.of(dir.resolve("nope.o"))));
        assertThat(r.diagnostics().all()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LinkDiagnosticKind.UNREADABLE_INPUT);
            assertThat(d.message()).isEqualTo("cannot read input: no such file");
        });
    }
}
