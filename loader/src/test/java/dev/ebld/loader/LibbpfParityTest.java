package dev.ebld.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ebld.btf.Btf;
import dev.ebld.insn.Alu;
import dev.ebld.insn.Atomic;
import dev.ebld.insn.Insn;
import dev.ebld.insn.Jump;
import dev.ebld.insn.LdImm64;
import dev.ebld.insn.Load;
import dev.ebld.insn.Store;
import dev.ebld.insn.StoreImm;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.testkit.RequiresKernel;
import dev.ebld.testkit.RequiresTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ebld's relocation against libbpf's on the same objects and this machine's kernel BTF: bpftool
 * (libbpf 1.1) loads the object with debug output, which lists every CO-RE relocation it patched
 * ({@code patched insn #N (ALU/ALU64) imm A -> B}) or poisoned; the function layout comes from
 * {@code bpftool prog dump xlated}. The same object loaded by ebld into a recording kernel must
 * give the same values at the same instructions.
 */
@RequiresKernel
@RequiresTool("bpftool")
class LibbpfParityTest {
    private static final Pattern PATCHED = Pattern.compile(
            "prog '(\\w+)': relo #(\\d+): patched insn #(\\d+) \\(([^)]+)\\) (imm64|imm|off) (-?\\d+) -> (-?\\d+)");
    private static final Pattern POISONED = Pattern.compile(
            "prog '(\\w+)': relo #(\\d+): substituting insn #(\\d+) w/ invalid insn");

    @ParameterizedTest
    @ValueSource(strings = {"core_reloc-el.o", "core_more-el.o"})
    void coreRelocationsAgreeWithLibbpf(String obj) throws Exception {
        String log = bpftool(obj, "-d", "prog", "loadall");
        RecordingKernel k = new RecordingKernel();
        java.util.Set<String> compared = new java.util.TreeSet<>();
        java.util.Set<String> reported = new java.util.TreeSet<>();
        Matcher any = Pattern.compile("prog '(\\w+)': relo #(\\d+): ").matcher(log);
        while (any.find()) {
            reported.add(any.group(1) + "#" + any.group(2));
        }
        try (LoadedObject l = Fixtures.open(obj).load(k, LoadOptions.defaults())) {
            Matcher m = PATCHED.matcher(log);
            while (m.find()) {
                List<Insn> insns = l.program(m.group(1)).attr().insns();
                Insn insn = atSlot(insns, Integer.parseInt(m.group(3)));
                assertThat(valueOf(insn, m.group(5))).as("%s relo #%s insn #%s (%s)", m.group(1), m.group(2),
                        m.group(3), m.group(4)).isEqualTo(Long.parseLong(m.group(7)));
                compared.add(m.group(1) + "#" + m.group(2));
            }
            Matcher p = POISONED.matcher(log);
            while (p.find()) {
                Insn insn = atSlot(l.program(p.group(1)).attr().insns(), Integer.parseInt(p.group(3)));
                assertThat(insn).isEqualTo(Jump.Call.helper(0xbad2310));
                compared.add(p.group(1) + "#" + p.group(2));
            }
        }
        assertThat(reported).as(log).isNotEmpty();
        assertThat(compared).as("every relocation libbpf reported was compared").isEqualTo(reported);
    }

    private static final Pattern ADDED = Pattern.compile(
            "prog '(\\w+)': added (\\d+) insns from sub-prog '(\\w+)'");
    private static final Pattern CALL = Pattern.compile(
            "prog '(\\w+)': insn #(\\d+) relocated, imm (-?\\d+) points to subprog '(\\w+)' \\(now at (\\d+) offset\\)");

    /**
     * libbpf's own account of appending subprograms (debug lines "added N insns from sub-prog" and
     * "insn #I relocated, imm V points to subprog S (now at O offset)"): same order, same places,
     * same call immediates.
     */
    @ParameterizedTest
    @ValueSource(strings = {"progs_multi-el.o", "progs_multi-v4-el.o"})
    void subprogramAppendingAgreesWithLibbpfLog(String obj) throws Exception {
        String log = bpftool(obj, "-d", "prog", "loadall");
        BpfObject o = Fixtures.open(obj);
        Map<String, List<String>> want = new LinkedHashMap<>();
        String current = null;
        for (String line : log.split("\n")) {
            Matcher a = ADDED.matcher(line);
            Matcher c = CALL.matcher(line);
            if (a.find()) {
                current = a.group(1);
                want.computeIfAbsent(current, x -> new ArrayList<>()).add("add " + a.group(3) + " " + a.group(2));
            } else if (c.find()) {
                if (o.program(c.group(1)).isPresent()) {
                    current = c.group(1);
                }
                want.computeIfAbsent(current, x -> new ArrayList<>()).add(c.group(4) + "@" + c.group(5)
                        + " from " + c.group(1) + "#" + c.group(2) + " imm " + c.group(3));
            }
        }
        assertThat(want).as(log).isNotEmpty();
        RecordingKernel k = new RecordingKernel();
        try (LoadedObject l = o.load(k, LoadOptions.defaults())) {
            for (Map.Entry<String, List<String>> e : want.entrySet()) {
                ProgLoadAttr a = l.program(e.getKey()).attr();
                Btf btf = o.btf().orElseThrow();
                Map<String, Integer> at = new LinkedHashMap<>();
                a.funcInfo().forEach(f -> at.put(btf.type(f.typeId().value()).name(), f.insnOff()));
                for (String w : e.getValue()) {
                    if (w.startsWith("add ")) {
                        String[] p = w.split(" ");
                        assertThat(at).as(e.getKey()).containsKey(p[1]);
                        assertThat(o.subprograms().get(p[1]).code().slotCount()).isEqualTo(Integer.parseInt(p[2]));
                        continue;
                    }
                    Matcher m = Pattern.compile("(\\w+)@(\\d+) from (\\w+)#(\\d+) imm (-?\\d+)").matcher(w);
                    assertThat(m.matches()).isTrue();
                    assertThat(at.get(m.group(1))).as(w).isEqualTo(Integer.parseInt(m.group(2)));
                    int caller = at.get(m.group(3));
                    Insn insn = atSlot(a.insns(), caller + Integer.parseInt(m.group(4)));
                    long imm = insn instanceof Jump.Call call ? call.imm() : ((LdImm64) insn).imm();
                    assertThat(imm).as(w).isEqualTo(Long.parseLong(m.group(5)));
                }
                assertThat(new ArrayList<>(at.keySet()).subList(1, at.size())).as(e.getKey()).containsExactlyElementsOf(
                        e.getValue().stream().filter(w -> w.startsWith("add ")).map(w -> w.split(" ")[1]).toList());
            }
        }
    }

    /**
     * Function boundaries and call offsets in what the kernel kept ({@code dump xlated}). Not
     * xdp_bpf_loop: the verifier inlines bpf_loop there, which moves the callback.
     */
    @ParameterizedTest
    @ValueSource(strings = {"xdp_calls", "tc_classify", "xdp_loop"})
    void subprogramLayoutAgreesWithLibbpf(String prog) throws Exception {
        Path pins = Files.createTempDirectory(Path.of("/sys/fs/bpf"), "ebld-h6-");
        Map<Integer, String> libbpf = new LinkedHashMap<>();
        List<String> calls = new ArrayList<>();
        try {
            run("bpftool", "prog", "loadall", Fixtures.obj("progs_multi-el.o").toString(), pins.toString());
            String xlated = run("bpftool", "prog", "dump", "xlated", "pinned", pins.resolve(prog).toString());
            String pending = null;
            for (String line : xlated.split("\n")) {
                Matcher insn = Pattern.compile("^\\s*(\\d+): \\((\\w\\w)\\) (.*)$").matcher(line);
                if (insn.matches()) {
                    if (pending != null) {
                        libbpf.put(Integer.parseInt(insn.group(1)), pending);
                        pending = null;
                    }
                    if (insn.group(3).startsWith("call pc")) {
                        calls.add(insn.group(1) + " " + insn.group(3).replaceAll("#.*", ""));
                    }
                } else if (line.endsWith("):")) {
                    pending = line.replaceAll("^.* \\**(\\w+)\\(.*$", "$1");
                }
            }
        } finally {
            run("rm", "-rf", pins.toString());
        }
        RecordingKernel k = new RecordingKernel();
        BpfObject o = Fixtures.open("progs_multi-el.o");
        try (LoadedObject l = o.load(k, LoadOptions.defaults())) {
            ProgLoadAttr a = l.program(prog).attr();
            Btf btf = o.btf().orElseThrow();
            Map<Integer, String> ours = new LinkedHashMap<>();
            a.funcInfo().forEach(f -> ours.put(f.insnOff(), btf.type(f.typeId().value()).name()));
            assertThat(ours).isEqualTo(libbpf);
            List<String> ourCalls = new ArrayList<>();
            int slot = 0;
            for (Insn i : a.insns()) {
                if (i instanceof Jump.Call c && c.target() == dev.ebld.insn.CallKind.LOCAL) {
                    ourCalls.add(slot + " call pc" + (c.imm() >= 0 ? "+" : "") + c.imm());
                }
                slot += i.width();
            }
            assertThat(ourCalls).isEqualTo(calls);
        }
    }

    /**
     * The initial values libbpf gives data maps and the kconfig map (LINUX_KERNEL_VERSION from
     * uname, CONFIG_* from /proc/config.gz) equal ebld's, with the same machine facts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"globals-el.o", "kconfig_ksym-el.o"})
    void initialMapValuesAgreeWithLibbpf(String obj) throws Exception {
        RecordingKernel k = new RecordingKernel();
        String[] rel = run("uname", "-r").trim().split("[.-]");
        k.version = Integer.parseInt(rel[0]) << 16 | Integer.parseInt(rel[1]) << 8
                | Math.min(255, Integer.parseInt(rel[2]));
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                Files.newInputStream(Path.of("/proc/config.gz")))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (line.startsWith("CONFIG_") && eq > 0) {
                    k.kconfig.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        Path pins = Files.createTempDirectory(Path.of("/sys/fs/bpf"), "ebld-h6-");
        try (LoadedObject l = Fixtures.open(obj).load(k, LoadOptions.defaults())) {
            run("bpftool", "prog", "loadall", Fixtures.obj(obj).toString(), pins.resolve("p").toString(),
                    "pinmaps", pins.resolve("m").toString());
            int compared = 0;
            for (LoadedMap m : l.maps().values()) {
                if (!m.spec().kind().isInternal()) {
                    continue;
                }
                String dump = run("bpftool", "map", "dump", "pinned",
                        pins.resolve("m").resolve(m.name().replace('.', '_')).toString(), "-j");
                Matcher v = Pattern.compile("\"value\":\\[([^\\]]*)\\]").matcher(dump);
                assertThat(v.find()).as(dump).isTrue();
                byte[] ours = k.values.get(m.fd().value()).get("00000000");
                StringBuilder want = new StringBuilder();
                for (byte b : ours) {
                    want.append(want.length() == 0 ? "" : ",").append(String.format("\"0x%02x\"", b & 0xff));
                }
                assertThat(v.group(1)).as(m.name()).isEqualTo(want.toString());
                compared++;
            }
            assertThat(compared).isPositive();
        } finally {
            run("rm", "-rf", pins.toString());
        }
    }

    static Insn atSlot(List<Insn> insns, int slot) {
        int s = 0;
        for (Insn i : insns) {
            if (s == slot) {
                return i;
            }
            s += i.width();
        }
        throw new AssertionError("no instruction at slot " + slot);
    }

    private static long valueOf(Insn insn, String field) {
        if (insn instanceof Alu a) {
            return a.imm();
        } else if (insn instanceof LdImm64 ld) {
            return ld.imm();
        } else if (insn instanceof Load ld) {
            return ld.off();
        } else if (insn instanceof Store st) {
            return st.off();
        } else if (insn instanceof StoreImm st) {
            return st.off();
        } else if (insn instanceof Atomic at) {
            return at.off();
        }
        throw new AssertionError(field + " of " + insn);
    }

    private static String bpftool(String obj, String... cmd) throws IOException, InterruptedException {
        Path pins = Files.createTempDirectory(Path.of("/sys/fs/bpf"), "ebld-h6-");
        try {
            List<String> args = new ArrayList<>(List.of("bpftool"));
            args.addAll(List.of(cmd));
            args.add(Fixtures.obj(obj).toString());
            args.add(pins.toString());
            return run(args.toArray(String[]::new));
        } finally {
            run("rm", "-rf", pins.toString());
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ":\n" + out);
        }
        return out;
    }
}
