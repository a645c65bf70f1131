package dev.ebld.btf.dump;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.Fixtures;
import dev.ebld.testkit.RequiresKernelBtf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RawDumpTest {

    static List<Path> littleEndian() throws Exception {
        return Fixtures.objectsWithBtf().stream().filter(p -> p.getFileName().toString().endsWith("-el.o"))
                .collect(Collectors.toList());
    }

    static List<Path> bigEndian() throws Exception {
        return Fixtures.objectsWithBtf().stream().filter(p -> p.getFileName().toString().endsWith("-eb.o"))
                .collect(Collectors.toList());
    }

    /** Big-endian fixtures whose little-endian twin is committed too (fixtures/build.sh makes both). */
    static List<Path> bigEndianWithTwin() throws Exception {
        return bigEndian().stream().filter(p -> Files.exists(twin(p))).collect(Collectors.toList());
    }

    private static Path twin(Path bigEndian) {
        return bigEndian.resolveSibling(bigEndian.getFileName().toString().replace("-eb.o", "-el.o"));
    }

    private static String dump(Path obj) throws Exception {
        return RawDump.text(BtfReader.read(Fixtures.section(obj, ".BTF").orElseThrow()));
    }

    @ParameterizedTest
    @MethodSource("littleEndian")
    void matchesBpftoolGolden(Path obj) throws Exception {
        String base = obj.getFileName().toString().replace(".o", "");
        Path golden = Fixtures.root().resolve("golden/btf/" + base + ".raw.txt");
        String actual = dump(obj);
        if (Files.exists(golden)) {
            assertThat(actual).isEqualTo(Files.readString(golden));
        } else {
            System.out.println("[oracle] no golden " + golden + ": comparing with bpftool run now");
        }
        String live = Bpftool.run("btf", "dump", "file", obj.toString());
        assertThat(actual).isEqualTo(live);
    }

    @ParameterizedTest
    @MethodSource("bigEndianWithTwin")
    void bigEndianDumpsLikeItsLittleEndianTwin(Path obj) throws Exception {
        assertThat(dump(obj)).isEqualTo(dump(twin(obj)));
    }

    static List<Path> bothEndians() throws Exception {
        return Fixtures.objectsWithBtf();
    }

    /**
     * The byte writer the CLI uses (straight from the file, names copied from the blob) prints
     * what the model's dump prints, in both byte orders.
     */
    @ParameterizedTest
    @MethodSource("bothEndians")
    void byteWriterMatchesTextDump(Path obj) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawDump.write(obj, null, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(dump(obj));
    }

    @Test
    @RequiresKernelBtf
    void vmlinuxByteWriterMatchesBpftoolRunNow() throws Exception {
        String expected = Bpftool.run("btf", "dump", "file", Fixtures.VMLINUX.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawDump.write(Fixtures.VMLINUX, null, out);
        assertThat(out.toString(StandardCharsets.UTF_8).equals(expected))
                .as("byte writer's dump of vmlinux equals bpftool's").isTrue();
    }

    @Test
    @RequiresKernelBtf
    void vmlinuxMatchesBpftoolRunNow() throws Exception {
        String expected = Bpftool.run("btf", "dump", "file", Fixtures.VMLINUX.toString());
        String actual = RawDump.text(BtfReader.read(Files.readAllBytes(Fixtures.VMLINUX)));
        assertThat(actual.equals(expected)).as("raw dump of vmlinux equals bpftool's").isTrue();
    }
}
