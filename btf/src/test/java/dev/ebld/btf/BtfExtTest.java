package dev.ebld.btf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.elf.ElfObject;
import dev.ebld.elf.ElfReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What .BTF.ext records say, checked against the fixture sources. */
class BtfExtTest {
    private static final int TYPE_EXISTS = 8;
    private static final int FIELD_BYTE_OFFSET = 0;

    static List<Path> objects() throws Exception {
        return Fixtures.objectsWithBtfExt();
    }

    private static BtfExt ext(Path obj, Btf[] btfOut) throws Exception {
        ElfObject elf = ElfReader.read(obj);
        Btf btf = BtfFiles.fromElf(elf, null);
        btfOut[0] = btf;
        return BtfFiles.extFromElf(elf, btf).orElseThrow(() -> new AssertionError("no .BTF.ext in " + obj));
    }

    @ParameterizedTest
    @MethodSource("objects")
    void funcInfoNamesFunctionsAndLinesAreOrdered(Path obj) throws Exception {
        Btf[] btf = new Btf[1];
        BtfExt e = ext(obj, btf);
        for (BtfExt.SectionInfo<BtfExt.FuncInfo> s : e.funcInfo().sections()) {
            assertThat(s.records().get(0).insnOff()).as(s.secName()).isZero();
            for (BtfExt.FuncInfo f : s.records()) {
                assertThat(btf[0].type(f.typeId()).kind()).isEqualTo(BtfKind.FUNC);
            }
        }
        String src = obj.getFileName().toString().replaceAll("-(v4-)?e[lb]\\.o$", ".c");
        List<String> sources = sourceAndIncludedSources(src);
        for (BtfExt.SectionInfo<BtfExt.LineInfo> s : e.lineInfo().sections()) {
            int last = -1;
            for (BtfExt.LineInfo l : s.records()) {
                assertThat(l.insnOff()).isGreaterThanOrEqualTo(last);
                last = l.insnOff();
                assertThat(l.lineNumber()).isPositive();
            }
            assertThat(s.records()).anyMatch(l -> sources.stream().anyMatch(l.fileName()::endsWith));
        }
    }

    /** {@code src} and the {@code .c} files it includes (the freplace fixtures build another file's body). */
    private static List<String> sourceAndIncludedSources(String src) throws java.io.IOException {
        List<String> names = new java.util.ArrayList<>(List.of(src));
        java.nio.file.Path file = Fixtures.root().resolve("src").resolve(src);
        for (String line : java.nio.file.Files.readAllLines(file)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("#include \"(.+\\.c)\"").matcher(line);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void coreRelocationsOfTheCoreFixture() throws Exception {
        Btf[] btf = new Btf[1];
        BtfExt e = ext(Fixtures.root().resolve("obj/core_reloc-el.o"), btf);
        assertThat(e.coreRelos().recordSize()).isEqualTo(BtfExt.CORE_RELO_MIN);
        assertThat(e.coreRelos().sections()).extracting(BtfExt.SectionInfo::secName)
                .contains("raw_tp/sys_enter", "xdp");
        List<BtfExt.CoreRelo> all = e.coreRelos().sections().stream().flatMap(s -> s.records().stream()).toList();
        for (BtfExt.CoreRelo r : all) {
            assertThat(r.accessStr()).matches("\\d+(:\\d+)*");
            assertThat(r.kind()).isBetween(0, 12);
        }
        assertThat(all).anyMatch(r -> r.kind() == TYPE_EXISTS
                && btf[0].type(r.typeId()).name().equals("no_such_kernel_type"));
        // task->pid: member 0 of struct task_struct
        assertThat(all).anyMatch(r -> r.kind() == FIELD_BYTE_OFFSET && r.accessStr().equals("0:0")
                && btf[0].type(r.typeId()).name().equals("task_struct"));
    }

    @Test
    void objectWithoutBtfIsATypedError() throws Exception {
        ElfObject elf = ElfReader.read(Fixtures.root().resolve("obj/core_reloc-el.o"));
        ElfObject stripped = new ElfObject(elf.file(), elf.header(), elf.sections().stream()
                .filter(s -> !s.name().equals(".BTF")).toList(), elf.shstrndx(), elf.sectionHeaderOffset());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BtfFiles.fromElf(stripped, null))
                .isInstanceOf(BtfFormatException.class).hasMessageContaining("no .BTF section")
                .hasMessageStartingWith(elf.file() + ": ");
    }

    @Test
    void corruptRawFileErrorNamesTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] btf = Fixtures.section(Fixtures.root().resolve("obj/btf_kinds-el.o"), ".BTF").orElseThrow();
        Path file = dir.resolve("cut.btf");
        java.nio.file.Files.write(file, java.util.Arrays.copyOf(btf, btf.length / 2));
        BtfFormatException e = org.assertj.core.api.Assertions.catchThrowableOfType(BtfFormatException.class,
                () -> BtfFiles.read(file));
        assertThat(e.file()).isEqualTo(file.toString());
        assertThat(e.getMessage()).startsWith(file + ": .BTF header at offset 0x");
    }

    @Test
    void rawFileAndElfObjectBothRead() throws Exception {
        Btf fromElf = BtfFiles.read(Fixtures.root().resolve("obj/btf_kinds-el.o"));
        assertThat(fromElf.find("everything", BtfKind.STRUCT)).isPresent();
        dev.ebld.testkit.Oracles.assumeKernelBtf("read the raw vmlinux file");
        Btf raw = BtfFiles.read(Fixtures.VMLINUX);
        assertThat(raw.find("task_struct", BtfKind.STRUCT)).isPresent();
    }

    @Test
    void gapsBetweenBlocksMustBeZero() throws Exception {
        Btf[] btf = new Btf[1];
        BtfExt e = ext(Fixtures.root().resolve("obj/core_reloc-el.o"), btf);
        // Move line_info 8 bytes further out, leaving a gap after func_info.
        BtfExt.Block<BtfExt.LineInfo> l = e.lineInfo();
        BtfExt.Block<BtfExt.CoreRelo> c = e.coreRelos();
        BtfExt gapped = new BtfExt(e.order(), e.version(), e.flags(), e.hdrLen(), e.funcInfo(),
                new BtfExt.Block<>(l.off() + 8, l.len(), l.recordSize(), l.sections()),
                new BtfExt.Block<>(c.off() + 8, c.len(), c.recordSize(), c.sections()));
        byte[] bytes = BtfExtWriter.write(gapped);
        assertThat(BtfExtReader.read(bytes, btf[0])).isEqualTo(gapped);
        int gap = e.hdrLen() + l.off() + 5;
        bytes[gap] = 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BtfExtReader.read(bytes, btf[0]))
                .isInstanceOf(BtfFormatException.class)
                .hasMessageContaining("non-zero byte in padding between blocks")
                .hasMessageContaining("0x" + Integer.toHexString(gap));
    }

    @Test
    void writerRefusesRecordsThatDoNotFitTheirRecordSize() {
        java.nio.ByteOrder le = java.nio.ByteOrder.LITTLE_ENDIAN;
        List<BtfExt.SectionInfo<BtfExt.FuncInfo>> oneFunc = List.of(new BtfExt.SectionInfo<>("xdp", 1,
                List.of(new BtfExt.FuncInfo(0, 1, new byte[] {1, 2, 3, 4}))));
        assertThat(BtfExtWriter.write(BtfExt.of(le, 12, oneFunc, 0, List.of(), 0, List.of()))).hasSize(32 + 4 + 8 + 12);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BtfExtWriter.write(BtfExt.of(le, 8, oneFunc, 0, List.of(), 0, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 extra bytes exceeds");
        List<BtfExt.SectionInfo<BtfExt.FuncInfo>> plain = List.of(new BtfExt.SectionInfo<>("xdp", 1,
                List.of(new BtfExt.FuncInfo(0, 1, new byte[0]))));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BtfExtWriter.write(BtfExt.of(le, 4, plain, 0, List.of(), 0, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("record size 4 is below the 8 bytes");
    }
}
