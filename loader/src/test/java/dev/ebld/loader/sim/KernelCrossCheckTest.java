package dev.ebld.loader.sim;

import dev.ebld.loader.verifier.StructuralVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ebld.elf.ElfBuilder;
import dev.ebld.elf.ElfSymbol;
import dev.ebld.elf.ElfWriter;
import dev.ebld.elf.SectionType;
import dev.ebld.loader.interp.Asm;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgType;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.testkit.RequiresKernel;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same XDP programs run by the real kernel ({@code bpftool prog load}, {@code bpftool prog
 * run}) and by the simulated kernel must return the same value. Programs are hand-assembled so
 * that each one pins down one semantic rule (division by zero, 32-bit zero extension, signed
 * division, shifts, byte swaps, atomics, sign-extending loads, packet reads); the kernel's
 * retval is 32 bits, so each program folds its result into w0.
 */
@RequiresKernel
class KernelCrossCheckTest {
    private static final String EXIT = "; 95 0 0 0 0";

    static Stream<String[]> programs() {
        return Stream.of(
                new String[] {"div64_by_zero", "b7 0 0 0 7; b7 1 0 0 0; 3f 0 1 0 0; 07 0 0 0 5"},
                new String[] {"mod64_by_zero", "b7 0 0 0 7; b7 1 0 0 0; 9f 0 1 0 0"},
                new String[] {"mod32_by_zero_truncates", "b7 0 0 0 -1; b4 1 0 0 0; 9c 0 1 0 0; 77 0 0 0 4"},
                new String[] {"sdiv64", "b7 0 0 0 -7; 37 0 0 1 2; 87 0 0 0 0"},
                new String[] {"smod64", "b7 0 0 0 -7; 97 0 0 1 3; 07 0 0 0 10"},
                new String[] {"sdiv32_min_by_minus1", "b4 0 0 0 0x80000000; 34 0 0 1 -1; 77 0 0 0 16"},
                new String[] {"alu32_zero_extends", "b7 0 0 0 -1; 04 0 0 0 2; 77 0 0 0 32; 07 0 0 0 3"},
                new String[] {"lsh64_reg_masked", "b7 0 0 0 1; b7 1 0 0 33; 6f 0 1 0 0; 77 0 0 0 28"},
                new String[] {"arsh32", "b4 0 0 0 0x80000000; c4 0 0 0 4; 77 0 0 0 20"},
                new String[] {"be16", "b7 0 0 0 0x1234; dc 0 0 0 16"},
                new String[] {"be32", "b7 0 0 0 0x12345678; dc 0 0 0 32"},
                new String[] {"bswap64_high", "b7 0 0 0 0x12; d7 0 0 0 64; 77 0 0 0 40"},
                new String[] {"movsx8", "b7 1 0 0 0x80; bf 0 1 8 0; 77 0 0 0 40"},
                new String[] {"movsx32_16", "b4 1 0 0 0x8000; bc 0 1 16 0"},
                new String[] {"atomic_fetch_add64", "7a 10 0 -8 10; b7 2 0 0 5; db 10 2 -8 0x01;"
                        + " 79 0 10 -8 0; 27 0 0 0 100; 0f 0 2 0 0"},
                new String[] {"atomic_cmpxchg32", "62 10 0 -4 3; b7 0 0 0 3; b7 2 0 0 9;"
                        + " c3 10 2 -4 0xf1; 61 1 10 -4 0; 27 1 0 0 10; 0f 0 1 0 0"},
                new String[] {"atomic_xor_and_or", "7a 10 0 -8 0xf0; b7 2 0 0 0x0f; db 10 2 -8 0x40;"
                        + " b7 2 0 0 0x3c; db 10 2 -8 0x50; b7 2 0 0 0xff; db 10 2 -8 0xa0;"
                        + " 79 0 10 -8 0"},
                new String[] {"ldsx_from_stack", "72 10 0 -1 0xfe; 91 0 10 -1 0; 87 0 0 0 0"},
                new String[] {"jsgt_vs_jgt", "b7 0 0 0 0; b7 1 0 0 -1; 65 1 0 1 0; 07 0 0 0 1;"
                        + " 25 1 0 1 0; 07 0 0 0 10"},
                new String[] {"jmp32_low_half", "18 1 0 0 5; 00 0 0 0 1; b7 0 0 0 0;"
                        + " 16 1 0 1 5; b7 0 0 0 1"},
                new String[] {"packet_bytes", "61 2 1 0 0; 61 3 1 4 0; bf 4 2 0 0; 07 4 0 0 16;"
                        + " b7 0 0 0 0; 2d 4 3 2 0; 69 0 2 12 0; dc 0 0 0 16"},
                new String[] {"packet_len", "61 2 1 0 0; 61 0 1 4 0; 1f 0 2 0 0"});
    }

    /** tc programs: __sk_buff fields and the legacy packet loads (which need r6 = ctx). */
    static Stream<String[]> tcPrograms() {
        return Stream.of(
                new String[] {"tc_ldabs_ethertype", "bf 6 1 0 0; 28 0 0 0 12"},
                new String[] {"tc_ldind_byte", "bf 6 1 0 0; b7 7 0 0 3; 50 0 7 0 2"},
                new String[] {"tc_ldabs_past_end", "bf 6 1 0 0; b7 0 0 0 5; 20 0 0 0 58; b7 0 0 0 1"},
                new String[] {"tc_len_protocol", "61 0 1 0 0; 61 2 1 16 0; 0f 0 2 0 0"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tcPrograms")
    void tcAgreesWithTheRealKernel(String name, String body) throws Exception {
        agree(name, body, ProgType.SCHED_CLS, "classifier", "tc");
    }

    /** Runs the program once in each kernel on a 60-byte IPv4 frame; the low 32 bits must agree. */
    private static void agree(String name, String body, ProgType type, String bpftoolType,
            String section) throws Exception {
        String prog = body + EXIT;
        byte[] frame = ProgRunTest.ipv4Frame(60);
        // Structural verifier: the legacy packet loads these programs use are not modelled by
        // the safety verifier; the comparison here is about run-time semantics.
        SimProcess root = new SimKernel().verifier(new StructuralVerifier()).rootProcess();
        long sim = root.progTestRun(root.progLoad(ProgLoadAttr.of(type, "p",
                Asm.insns(prog))).fd(), TestRunAttr.packet(frame)).retval();
        assertEquals(sim & 0xffff_ffffL, realKernel(name, bpftoolType, section, Asm.bytes(prog),
                frame), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void simulatedKernelAgreesWithTheRealOne(String name, String body) throws Exception {
        agree(name, body, ProgType.XDP, "xdp", "xdp");
    }

    /** Loads the program into the machine's kernel and runs it once on {@code frame}. */
    private static long realKernel(String name, String type, String section, byte[] code,
            byte[] frame)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ebld-xcheck");
        String pin = "/sys/fs/bpf/ebld_xcheck_" + name + "_" + ProcessHandle.current().pid();
        try {
            ElfBuilder b = new ElfBuilder(ByteOrder.LITTLE_ENDIAN);
            int text = b.addSection(section, SectionType.SHT_PROGBITS,
                    SectionType.SHF_ALLOC | SectionType.SHF_EXECINSTR, 8, code);
            b.addSection("license", SectionType.SHT_PROGBITS, SectionType.SHF_ALLOC, 1,
                    "GPL\0".getBytes(StandardCharsets.US_ASCII));
            b.addSymbol(name, ElfSymbol.STB_GLOBAL, ElfSymbol.STT_FUNC, ElfSymbol.STV_DEFAULT,
                    text, 0, code.length);
            Path obj = dir.resolve("x.o");
            Files.write(obj, ElfWriter.write(b.build()));
            Path pkt = dir.resolve("pkt.bin");
            Files.write(pkt, frame);
            run(List.of("bpftool", "prog", "load", obj.toString(), pin, "type", type));
            String out = run(List.of("bpftool", "prog", "run", "pinned", pin, "data_in",
                    pkt.toString()));
            Matcher m = Pattern.compile("Return value: (\\d+)").matcher(out);
            assertTrue(m.find(), out);
            return Long.parseLong(m.group(1));
        } finally {
            Files.deleteIfExists(Path.of(pin));
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
