package dev.ebld.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The C dump of every fixture and of vmlinux must compile with clang-19. */
class BtfCDumpTest {

    /** Little-endian objects: a big-endian twin holds the same types (see BtfRawDumpTest). */
    static List<Path> objects() throws Exception {
        return Fixtures.objectsWithBtf().stream().filter(p -> p.getFileName().toString().endsWith("-el.o"))
                .collect(java.util.stream.Collectors.toList());
    }

    /** Compiles {@code header}; returns clang's diagnostics, or null when clang-19 is missing. */
    private static String compile(String header) throws Exception {
        return Bpftool.exec(List.of("clang-19", "-fsyntax-only", "-Werror", "-x", "c", "-"), header);
    }

    @ParameterizedTest
    @MethodSource("objects")
    void fixtureCDumpCompiles(Path obj) throws Exception {
        Btf btf = BtfReader.read(Fixtures.section(obj, ".BTF").orElseThrow());
        String c = BtfDumper.c(btf);
        assumeTrue(compile(c) != null, "skipped: clang-19 not available");
        for (BtfType t : btf.types()) {
            if (t.kind().isComposite() && !t.name().isEmpty()) {
                assertThat(c).contains((t.kind() == BtfKind.STRUCT ? "struct " : "union ") + t.name() + " {");
            }
        }
    }

    @Test
    void vmlinuxCDumpCompiles() throws Exception {
        assumeTrue(Fixtures.hasVmlinux(), "skipped: /sys/kernel/btf/vmlinux not readable");
        Btf btf = BtfReader.read(Files.readAllBytes(Fixtures.VMLINUX));
        String c = BtfDumper.c(btf);
        assertThat(c).contains("struct task_struct {");
        assumeTrue(compile(c) != null, "skipped: clang-19 not available");
    }

    @Test
    void clashingNamesAreMadeUnique() throws Exception {
        BtfStrings.Builder sb = new BtfStrings.Builder();
        int intName = sb.add("int");
        int foo = sb.add("foo");
        int a = sb.add("A");
        int x = sb.add("x");
        List<BtfType> types = List.of(
                new BtfType.IntType("int", intName, false, 4, BtfType.IntType.SIGNED, 0, 32),
                new BtfType.Struct("foo", foo, false, 4, List.of(new BtfType.Member("x", x, 1, 0, 0))),
                new BtfType.Struct("foo", foo, false, 8, List.of(new BtfType.Member("x", x, 5, 0, 0))),
                new BtfType.EnumType("", 0, false, 4, List.of(new BtfType.EnumValue("A", a, 1))),
                new BtfType.EnumType("", 0, false, 4, List.of(new BtfType.EnumValue("A", a, 2))),
                new BtfType.Ptr("", 0, false, 4),
                new BtfType.Typedef("foo", foo, false, 4),
                new BtfType.Typedef("foo", foo, false, 6));
        Btf btf = Btf.of(types, sb.build(), java.nio.ByteOrder.LITTLE_ENDIAN, null);
        String c = BtfDumper.c(btf);
        assertThat(c).contains("struct foo___2 {").contains("A___2 = 2").contains("typedef unsigned int *foo___2;");
        String err = compile(c);
        assumeTrue(err != null, "skipped: clang-19 not available");
    }
}
