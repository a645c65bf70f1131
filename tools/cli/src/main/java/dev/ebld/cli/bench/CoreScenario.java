package dev.ebld.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated inputs for the BTF-heavy link benchmark: {@code objects} CO-RE tracing objects, each
 * built against this machine's kernel types ({@code vmlinux.h}, dumped once with
 * {@code bpftool btf dump file /sys/kernel/btf/vmlinux format c}). Each program reads fields of
 * task_struct, sk_buff, file/inode/super_block, net_device, bpf_prog and sock with
 * {@code BPF_CORE_READ}, so clang emits the closure of those kernel structs: about 1,200 BTF
 * types and a few dozen CO-RE relocations per object, nearly all of them the same in every
 * object. The link is then mostly BTF work: appending ~24,000 types and deduplicating them back
 * to ~1,200. Compiled once and kept in {@code core<N>/} under the work directory.
 */
record CoreScenario(int objects) {

    String label() {
        return "core" + objects;
    }

    /** The compiled objects, generating vmlinux.h and compiling whatever is missing. */
    List<Path> build(Path workDir, String clang, String bpftool) throws IOException, InterruptedException {
        Path dir = workDir.resolve(label());
        Files.createDirectories(dir);
        Path header = dir.resolve("vmlinux.h");
        if (!Files.exists(header)) {
            String c = Processes.capture(List.of(bpftool, "btf", "dump", "file", "/sys/kernel/btf/vmlinux",
                    "format", "c"));
            if (!c.contains("struct task_struct {")) {
                throw new IOException("cannot dump this kernel's BTF as C (needs /sys/kernel/btf/vmlinux and "
                        + bpftool + ")");
            }
            Files.writeString(header, c);
        }
        List<Path> out = new ArrayList<>();
        List<String> compiler = List.of(clang, "-O2", "-g", "-target", "bpfel", "-D__TARGET_ARCH_x86", "-I" + dir);
        for (int i = 0; i < objects; i++) {
            out.add(Processes.compileOnce(dir, "core" + i, source(i), compiler));
        }
        return out;
    }

    private static String source(int i) {
        return "#include \"vmlinux.h\"\n"
                + "#include <bpf/bpf_helpers.h>\n"
                + "#include <bpf/bpf_core_read.h>\n"
                + "#include <bpf/bpf_tracing.h>\n"
                + "SEC(\"kprobe/core" + i + "\")\n"
                + "int core_" + i + "(struct pt_regs *ctx)\n"
                + "{\n"
                + "\tstruct task_struct *t = (void *)bpf_get_current_task();\n"
                + "\tstruct sk_buff *skb = (void *)PT_REGS_PARM1_CORE(ctx);\n"
                + "\tstruct file *f = (void *)PT_REGS_PARM2_CORE(ctx);\n"
                + "\tstruct net_device *d = (void *)PT_REGS_PARM3_CORE(ctx);\n"
                + "\tstruct bpf_prog *p = (void *)PT_REGS_PARM4_CORE(ctx);\n"
                + "\tstruct sock *sk = (void *)PT_REGS_PARM5_CORE(ctx);\n"
                + "\treturn BPF_CORE_READ(t, pid) + BPF_CORE_READ(skb, len) + BPF_CORE_READ(f, f_inode, i_ino)\n"
                + "\t\t+ BPF_CORE_READ(d, mtu) + BPF_CORE_READ(p, len) + BPF_CORE_READ(sk, sk_rcvbuf)\n"
                + "\t\t+ BPF_CORE_READ(f, f_inode, i_sb, s_blocksize_bits) + " + i + ";\n"
                + "}\n"
                + "char LICENSE[] SEC(\"license\") = \"GPL\";\n";
    }
}
