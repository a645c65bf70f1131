package dev.ebld.btf.dump;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    @MethodSource("bigEndian")
    void bigEndianDumpsLikeItsLittleEndianTwin(Path obj) throws Exception {
        Path twin = obj.resolveSibling(obj.getFileName().toString().replace("-eb.o", "-el.o"));
        assumeTrue(Files.exists(twin), "skipped: no twin " + twin);
        assertThat(dump(obj)).isEqualTo(dump(twin));
    }

    @Test
    void vmlinuxMatchesBpftoolRunNow() throws Exception {
        assumeTrue(Fixtures.hasVmlinux(), "skipped: /sys/kernel/btf/vmlinux not readable");
        String expected = Bpftool.run("btf", "dump", "file", Fixtures.VMLINUX.toString());
        String actual = RawDump.text(BtfReader.read(Files.readAllBytes(Fixtures.VMLINUX)));
        assertThat(actual.equals(expected)).as("raw dump of vmlinux equals bpftool's").isTrue();
    }
}
