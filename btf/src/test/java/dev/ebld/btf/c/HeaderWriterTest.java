package dev.ebld.btf.c;

import dev.ebld.btf.Bpftool;
import dev.ebld.btf.Btf;
import dev.ebld.btf.BtfExt;
import dev.ebld.btf.BtfFiles;
import dev.ebld.btf.BtfKind;
import dev.ebld.btf.BtfReader;
import dev.ebld.btf.BtfStrings;
import dev.ebld.btf.BtfType;
import dev.ebld.btf.BtfTypes;
import dev.ebld.btf.Fixtures;

import dev.ebld.testkit.Oracles;
import dev.ebld.testkit.RequiresKernelBtf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The C dump of every fixture and of vmlinux must compile with clang-19, and clang must lay out
 * every named struct and union with the sizes and member offsets BTF records.
 */
class HeaderWriterTest {

    /** Little-endian objects: a big-endian twin holds the same types (see RawDumpTest). */
    static List<Path> objects() throws Exception {
        return Fixtures.objectsWithBtf().stream().filter(p -> p.getFileName().toString().endsWith("-el.o"))
                .collect(java.util.stream.Collectors.toList());
    }

    /**
     * Compiles {@code header} for {@code target} (null: the host's); returns clang's output, or null when clang-19
     * is missing. A failure (any warning, with -Werror) is an AssertionError with clang's text.
     */
    private static String compile(String header, String target) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("clang-19", "-fsyntax-only", "-Werror",
                "-ferror-limit=0", "-x", "c", "-"));
        if (target != null) {
            cmd.add(1, "--target=" + target);
        }
        return Bpftool.exec(cmd, header);
    }

    /**
     * The dump followed by static assertions that clang lays every named struct and union out
     * as BTF says: its size, and the byte offset of each named non-bitfield member.
     */
    static String withLayoutAssertions(Btf btf) {
        StringBuilder sb = new StringBuilder(HeaderWriter.write(btf));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            if (!t.kind().isComposite() || t.name().isEmpty() || !seen.add(t.name())) {
                continue; // later same-named types are renamed name___2 in the dump
            }
            String tag = (t.kind() == BtfKind.STRUCT ? "struct " : "union ") + t.name();
            sb.append("_Static_assert(sizeof(").append(tag).append(") == ").append(BtfTypes.sizeOf(btf, id))
                    .append(", \"size of ").append(tag).append("\");\n");
            BtfType.Composite c = (BtfType.Composite) t;
            for (int i = 0; i < c.members().size(); i++) {
                BtfTypes.MemberLayout l = BtfTypes.memberLayout(btf, c, i);
                String m = c.members().get(i).name();
                if (!m.isEmpty() && !l.isBitfield()) {
                    sb.append("_Static_assert(__builtin_offsetof(").append(tag).append(", ").append(m)
                            .append(") == ").append(l.byteOffset()).append(", \"").append(tag).append('.')
                            .append(m).append("\");\n");
                }
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("objects")
    void fixtureCDumpCompiles(Path obj) throws Exception {
        Btf btf = BtfReader.read(Fixtures.section(obj, ".BTF").orElseThrow());
        String c = HeaderWriter.write(btf);
        compile(withLayoutAssertions(btf), "bpf");
        for (BtfType t : btf.types()) {
            if (t.kind().isComposite() && !t.name().isEmpty()) {
                assertThat(c).contains((t.kind() == BtfKind.STRUCT ? "struct " : "union ") + t.name() + " {");
            }
        }
    }

    @Test
    @RequiresKernelBtf
    void vmlinuxCDumpCompiles() throws Exception {
        Btf btf = BtfReader.read(Files.readAllBytes(Fixtures.VMLINUX));
        String c = HeaderWriter.write(btf);
        assertThat(c).contains("struct task_struct {");
        // vmlinux describes the running kernel: its layout is the host's (long double, va_list)
        compile(withLayoutAssertions(btf), null);
    }

    /**
     * The dump of vmlinux used as vmlinux.h: a CO-RE program built against it carries
     * relocations (preserve_access_index) and the real kernel loads it, libbpf matching every
     * access string against the kernel's own BTF.
     */
    @Test
    @RequiresKernelBtf
    void vmlinuxHeaderBuildsACoReProgramTheKernelLoads(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Oracles.assumeTool("clang-19", "compile a program against the dump");
        Oracles.assumeKernel("load a program compiled against the dump");
        Btf vmlinux = BtfReader.read(Files.readAllBytes(Fixtures.VMLINUX));
        Files.writeString(dir.resolve("vmlinux.h"), HeaderWriter.write(vmlinux));
        Files.writeString(dir.resolve("prog.c"), String.join("\n",
                "#include \"vmlinux.h\"",
                "#include <bpf/bpf_helpers.h>",
                "#include <bpf/bpf_core_read.h>",
                "int out;",
                "SEC(\"raw_tp/sys_enter\")",
                "int prog(void *ctx)",
                "{",
                "\tstruct task_struct *t = (void *)bpf_get_current_task();",
                "\tout = BPF_CORE_READ(t, real_parent, tgid);",
                "\treturn 0;",
                "}",
                "char LICENSE[] SEC(\"license\") = \"GPL\";", ""));
        Path obj = dir.resolve("prog.o");
        Bpftool.exec(List.of("clang-19", "-O2", "-g", "-target", "bpfel", "-mcpu=v3", "-c",
                dir.resolve("prog.c").toString(), "-o", obj.toString()), null);
        dev.ebld.elf.ElfObject elf = dev.ebld.elf.ElfReader.read(obj);
        Btf btf = BtfFiles.fromElf(elf, null);
        BtfExt ext = BtfFiles.extFromElf(elf, btf).orElseThrow();
        // real_parent is member 95 or so of task_struct: the index must be the kernel's own
        int taskId = btf.find("task_struct", BtfKind.STRUCT).orElseThrow();
        BtfType.Struct local = (BtfType.Struct) btf.type(taskId);
        BtfType.Struct kernel = (BtfType.Struct) vmlinux.type(vmlinux.find("task_struct", BtfKind.STRUCT).orElseThrow());
        int idx = BtfTypes.memberIndex(kernel, "real_parent").orElseThrow();
        assertThat(BtfTypes.memberIndex(local, "real_parent")).contains(idx);
        assertThat(ext.coreRelos().sections().get(0).records()).anyMatch(r -> r.accessStr().equals("0:" + idx));
        String pin = "/sys/fs/bpf/ebld_btf_core_" + ProcessHandle.current().pid();
        try {
            Bpftool.run("prog", "load", obj.toString(), pin);
            assertThat(Path.of(pin)).exists();
        } finally {
            Files.deleteIfExists(Path.of(pin));
        }
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
        String c = HeaderWriter.write(btf);
        assertThat(c).contains("struct foo___2 {").contains("A___2 = 2").contains("typedef unsigned int *foo___2;");
        compile(c, "bpf");
    }
}
