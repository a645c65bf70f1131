package dev.ebld.btf;

import dev.ebld.btf.c.HeaderWriter;
import dev.ebld.btf.dump.RawDump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ebld.testkit.RequiresKernelBtf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split BTF over this machine's vmlinux. The machine loads no module with BTF, so the split
 * blob is built here the way a module's would look: new types whose references go into the
 * base, ids continuing after it.
 */
@RequiresKernelBtf
class SplitBtfTest {
    private static Btf vmlinux;

    @BeforeAll
    static void readBase() throws Exception {
        vmlinux = BtfReader.read(Files.readAllBytes(Fixtures.VMLINUX));
    }

    private static Btf buildSplit() {
        int task = vmlinux.find("task_struct", BtfKind.STRUCT).orElseThrow();
        int intId = vmlinux.find("int", BtfKind.INT).orElseThrow();
        BtfStrings.Builder sb = new BtfStrings.Builder(vmlinux);
        int first = vmlinux.typeCount();
        List<BtfType> types = List.of(
                new BtfType.Ptr("", 0, false, task),
                new BtfType.Struct("ebld_mod", sb.add("ebld_mod"), false, 16, List.of(
                        new BtfType.Member("owner", sb.add("owner"), first, 0, 0),
                        new BtfType.Member("refs", sb.add("refs"), intId, 64, 0))),
                new BtfType.Typedef("ebld_mod_t", sb.add("ebld_mod_t"), false, first + 1));
        return Btf.of(types, sb.build(), ByteOrder.nativeOrder(), vmlinux);
    }

    @Test
    void idsAndStringsContinueAfterTheBase() throws Exception {
        Btf split = BtfReader.read(BtfWriter.write(buildSplit()), vmlinux);
        assertThat(split.firstId()).isEqualTo(vmlinux.typeCount());
        int mod = split.find("ebld_mod", BtfKind.STRUCT).orElseThrow();
        assertThat(mod).isEqualTo(vmlinux.typeCount() + 1);
        assertThat(split.type(split.type(mod + 1).refs()[0]).name()).isEqualTo("ebld_mod");
        assertThat(split.find("task_struct", BtfKind.STRUCT)).isPresent();
        assertThat(BtfWriter.write(split)).isEqualTo(BtfWriter.write(buildSplit()));
    }

    @Test
    void rawDumpMatchesBpftoolWithBase(@TempDir Path dir) throws Exception {
        byte[] bytes = BtfWriter.write(buildSplit());
        Path file = dir.resolve("split.btf");
        Files.write(file, bytes);
        String live = Bpftool.run("-B", Fixtures.VMLINUX.toString(), "btf", "dump", "file", file.toString());
        assertThat(RawDump.text(BtfReader.read(bytes, vmlinux))).isEqualTo(live);
    }

    /** The CLI's byte writer: base names from the base's strings, own names from the file's bytes. */
    @Test
    void byteWriterMatchesBpftoolWithBase(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("split.btf");
        Files.write(file, BtfWriter.write(buildSplit()));
        String live = Bpftool.run("-B", Fixtures.VMLINUX.toString(), "btf", "dump", "file", file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawDump.write(file, vmlinux, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(live);
    }

    @Test
    void cDumpOfSplitBtfCompiles() throws Exception {
        Btf split = BtfReader.read(BtfWriter.write(buildSplit()), vmlinux);
        String c = HeaderWriter.write(split);
        assertThat(c).contains("struct ebld_mod {\n\tstruct task_struct *owner;\n\tint refs;\n")
                .contains("typedef struct ebld_mod ebld_mod_t;");
        Bpftool.exec(List.of("clang-19", "-fsyntax-only", "-Werror", "-x", "c", "-"), c);
    }

    @Test
    void splitWithoutItsBaseIsRejected() {
        byte[] bytes = BtfWriter.write(buildSplit());
        assertThatThrownBy(() -> BtfReader.read(bytes)).isInstanceOf(BtfFormatException.class);
    }
}
